from django.core.exceptions import ValidationError
from django.db import models

from .money import MoneyField, non_negative
from .org import Department, District


def fund_key(name):
    """How printed 所属专项 wording is matched to a fund: whitespace is layout, not meaning."""
    return "".join((name or "").split())


class SpecialFund(models.Model):
    """专项资金: one of a district's special funds for a budget year.

    附件3 sheets (and stand-alone project forms) link to their fund and keep the 所属专项 wording as
    printed; the seed's 附件3 says 「环卫作业服务费」 where the fund list may say more.
    """

    district = models.ForeignKey(District, models.PROTECT, related_name="special_funds", verbose_name="所属区")
    year = models.PositiveSmallIntegerField("预算年度")
    name = models.CharField("专项名称", max_length=200)
    code = models.CharField("专项编码", max_length=40, blank=True)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="special_funds", verbose_name="主管部门"
    )
    amount = MoneyField("专项金额")
    period_text = models.CharField("实施期", max_length=100, blank=True)
    period_start = models.DateField("实施期开始", null=True, blank=True)
    period_end = models.DateField("实施期结束", null=True, blank=True)
    # The matching key of `name` (fund_key), kept so the database can refuse look-alike duplicates.
    name_key = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = "专项资金"
        verbose_name_plural = "专项资金"
        ordering = ["district", "-year", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "name_key"], name="special_fund_unique_name",
                                    violation_error_message="本区该年度已有同名的专项资金。"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="special_fund_year_sane",
                                   violation_error_message="预算年度应在2000到2100之间。"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True) | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="special_fund_period_ordered", violation_error_message="实施期开始日期不能晚于结束日期。"),
            *non_negative("specialfund", "amount"),
        ]

    def __str__(self):
        return f"{self.name}（{self.year}年）"

    def save(self, *args, **kwargs):
        self.name_key = fund_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.name_key = fund_key(self.name)
        if not self.name_key:
            raise ValidationError({"name": "专项名称不能为空。"})
        if self.department_id and self.district_id and self.department.district_id != self.district_id:
            raise ValidationError({"department": "主管部门应为本区的部门。"})
        # name_key is not on any form, so Django's own constraint check skips it: check here.
        same = SpecialFund.objects.filter(district_id=self.district_id, year=self.year, name_key=self.name_key)
        if self.district_id and self.year and same.exclude(pk=self.pk).exists():
            raise ValidationError({"name": "本区该年度已有同名的专项资金（名称中的空格不计）。"})


def match_fund(district, year, name):
    """The district-year's fund of that printed name, created if the list lacks it; None for blank."""
    key = fund_key(name)
    if not key:
        return None
    fund = SpecialFund.objects.filter(district=district, year=year, name_key=key).first()
    if fund is None:
        fund = SpecialFund.objects.create(district=district, year=year, name=name.strip())
    return fund
