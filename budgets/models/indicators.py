from django.core.exceptions import ValidationError
from django.db import models

from indicators.models import Level2, Operator, Period

from .filing import Filing, PartOfFiling
from .projects import ProjectSheet


class Indicator(PartOfFiling, models.Model):
    """One 三级指标 row on 附件1 (sheet is empty) or on one 附件3 sheet.

    value_text is the 指标值 exactly as typed, warts included; operator / value_number / unit are its
    structured parts, typed into their own columns on split layouts or parsed from the text where
    they parse. Empty rows are kept: the seed has ten, and printing must show them.
    """

    class ValueType(models.TextChoices):
        QUANTITATIVE = "定量", "定量"
        QUALITATIVE = "定性", "定性"

    Period = Period
    Operator = Operator

    filing = models.ForeignKey(Filing, models.CASCADE, related_name="indicators", verbose_name="申报")
    sheet = models.ForeignKey(
        ProjectSheet,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="附件3",
        help_text="留空表示附件1部门整体指标",
    )
    # The 一级 / 二级 names as printed on the form; the link to the framework's 二级 is made where
    # they match it (or an alias says they mean it), and stays empty where they do not.
    level1_name = models.CharField("一级指标（表内）", max_length=50, blank=True)
    level2_name = models.CharField("二级指标（表内）", max_length=50, blank=True)
    level2 = models.ForeignKey(Level2, models.PROTECT, null=True, blank=True, related_name="indicators",
                               verbose_name="对应二级指标")
    period = models.CharField("期间", max_length=16, choices=Period.choices, default=Period.ANNUAL)
    order = models.PositiveSmallIntegerField("行号")
    name = models.TextField("三级指标", blank=True)
    value_text = models.TextField("指标值", blank=True)
    value_type = models.CharField("指标值类型", max_length=4, choices=ValueType.choices, blank=True)
    operator = models.CharField("指标性质", max_length=4, choices=Operator.choices, blank=True)
    value_number = models.DecimalField("指标值（数值）", max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=30, blank=True)
    weight = models.DecimalField("权重/分值", max_digits=7, decimal_places=2, null=True, blank=True)
    explanation = models.TextField("指标解释", blank=True)
    scoring_rule = models.TextField("评(扣)分标准", blank=True)
    basis = models.TextField("取值依据", blank=True)
    last_year_value = models.CharField("上年实际值", max_length=100, blank=True)
    is_core = models.BooleanField("核心指标", default=False)
    remark = models.TextField("备注", blank=True)
    # 正向/反向 (正向指标): a column some provinces print beside 指标性质; kept as printed.
    direction = models.CharField("指标方向", max_length=20, blank=True)

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        # By the ids, not "filing"/"sheet": those follow the related models' own orderings, which made
        # every read of one table's rows join filings, departments and sheets (1.2 ms instead of 0.2 ms
        # for the 56 rows of the seed on PostgreSQL). The same goes for the other row tables.
        ordering = ["filing_id", "sheet_id", "period", "order"]
        constraints = [
            # Row numbers are unique per table: 附件1's (no sheet) and each 附件3's.
            models.UniqueConstraint(
                fields=["filing", "period", "order"],
                condition=models.Q(sheet__isnull=True),
                name="indicator_unique_order_overall",
            ),
            models.UniqueConstraint(
                fields=["sheet", "period", "order"],
                condition=models.Q(sheet__isnull=False),
                name="indicator_unique_order_project",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=0), name="indicator_weight_non_negative",
                violation_error_message="权重/分值不能为负数。",
            ),
        ]
        indexes = [models.Index(fields=["filing", "sheet"], name="indicator_filing_sheet")]

    def __str__(self):
        return f"{self.tier2 or self.tier1} · {self.name.strip() or '（空）'}"

    def save(self, *args, **kwargs):
        # A row added by choosing a 二级 (admin) prints that 二级's names.
        if self.level2_id and not self.level1_name and not self.level2_name:
            self.level1_name, self.level2_name = self.level2.level1.name, self.level2.name
        super().save(*args, **kwargs)

    @property
    def tier1(self):
        """The 一级 as printed on the form."""
        return self.level1_name

    @property
    def tier2(self):
        return self.level2_name

    @property
    def kind(self):
        """The linked 二级's meaning; "other" when the printed names match no 二级."""
        return self.level2.kind if self.level2_id else Level2.Kind.OTHER

    @property
    def is_empty(self):
        return not self.name.strip() and not self.value_text.strip()

    def owning_filing(self):
        if self.filing_id:
            return self.filing
        # A new 附件3 row added on its sheet's page gets its filing from the sheet on save.
        return self.sheet.sub_item.filing if self.sheet_id else None

    def clean(self):
        super().clean()
        # In an inline formset the sheet is the page's own (already loaded): no query per row.
        if self.filing_id and self.sheet_id and self.sheet.sub_item.filing_id != self.filing_id:
            raise ValidationError("所选附件3属于另一份申报，请选择本申报的附件3。")
        # The database's row-number constraints hold per table (附件1, or one 附件3) only, so form
        # validation skips them; a clash would otherwise surface as an error page on save.
        table = {"sheet_id": self.sheet_id} if self.sheet_id else {"filing_id": self.filing_id, "sheet__isnull": True}
        if self.order is not None and (self.sheet_id or self.filing_id) and Indicator.objects.filter(
                **table, period=self.period, order=self.order).exclude(pk=self.pk).exists():
            raise ValidationError(f"行号{self.order}已被本表另一行{self.get_period_display()}指标使用，请换一个行号"
                                  "（如需互换两行，请先把其中一行改为未用的行号并保存）。",
                                  code="duplicate_order")
