from django.core.exceptions import ValidationError
from django.db import models

from indicators.layouts import INCOME_FIELDS

from .filing import Filing, PartOfFiling
from .money import MoneyField, MoneyPlaces, non_negative


class SubItem(PartOfFiling, MoneyPlaces):
    """A 附件2 row: a 支出方向（子项）. Top rows carry a 序号 (一、二 …); child rows have none."""

    filing = models.ForeignKey(Filing, models.CASCADE, related_name="sub_items", verbose_name="申报")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级支出方向"
    )
    # Position in 附件2, counting every row; with department code and year it is the import key.
    order = models.PositiveSmallIntegerField("行号")
    seq = models.CharField("序号", max_length=10, blank=True)
    name = models.TextField("支出方向（子项）")
    amount = MoneyField("金额")
    period_goal = models.TextField("实施期绩效目标", blank=True)
    annual_goal = models.TextField("年度绩效目标", blank=True)

    class Meta:
        verbose_name = "支出方向（附件2）"
        verbose_name_plural = "支出方向（附件2）"
        ordering = ["filing_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "order"], name="sub_item_unique_order"),
            *non_negative("subitem", "amount"),
        ]

    def __str__(self):
        return self.name.strip()

    def owning_filing(self):
        return self.filing if self.filing_id else None

    def clean(self):
        super().clean()
        if self.parent_id and self.filing_id and self.parent.filing_id != self.filing_id:
            raise ValidationError("所选上级支出方向属于另一份申报，请选择本申报的支出方向。")


class ProjectSheet(PartOfFiling, MoneyPlaces):
    """附件3 专项资金支出方向绩效目标表: belongs to exactly one 附件2 row.

    It keeps its own wording: the seed's 附件2 says 环卫作业服务费, its 附件3 says
    井龙街道辖区内环卫作业费 under 所属专项 环卫作业服务费. The link is the foreign key, not the name.
    """

    class Attribute(models.TextChoices):
        NEW = "new", "新增"
        CONTINUING = "continuing", "延续"

    sub_item = models.OneToOneField(
        SubItem, models.CASCADE, related_name="sheet", verbose_name="对应附件2支出方向"
    )
    order = models.PositiveSmallIntegerField("附件3顺序")
    name = models.TextField("支出方向（子项）")
    fund_text = models.TextField("所属专项", blank=True)
    fund = models.ForeignKey(
        "budgets.SpecialFund", models.PROTECT, null=True, blank=True, related_name="sheets",
        verbose_name="专项资金", help_text="所属专项对应的本区专项资金；「所属专项」一栏保留表内原文",
    )
    amount = MoneyField("项目金额")
    period_text = models.CharField("项目实施期（原文）", max_length=100, blank=True)
    period_start = models.DateField("实施期开始", null=True, blank=True)
    period_end = models.DateField("实施期结束", null=True, blank=True)
    period_goal = models.TextField("实施期绩效目标", blank=True)
    annual_goal = models.TextField("年度绩效目标", blank=True)

    # Header fields other provinces print on a 项目支出 form; blank on the Hunan 2021 layout.
    implementing_unit = models.CharField("实施单位", max_length=100, blank=True)
    project_leader = models.CharField("项目负责人", max_length=50, blank=True)
    attribute = models.CharField("项目属性", max_length=16, choices=Attribute.choices, blank=True)
    category = models.CharField("项目类别", max_length=100, blank=True)
    basis = models.TextField("立项依据", blank=True)

    class Meta:
        verbose_name = "支出方向绩效目标表（附件3）"
        verbose_name_plural = "支出方向绩效目标表（附件3）"
        ordering = ["sub_item__filing_id", "order"]
        constraints = [
            *non_negative("projectsheet", "amount"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="projectsheet_period_ordered",
                violation_error_message="实施期开始日期不能晚于结束日期。",
            ),
        ]

    def __str__(self):
        return self.name.strip()

    @property
    def filing(self):
        return self.sub_item.filing

    def owning_filing(self):
        return self.sub_item.filing if self.sub_item_id else None


class ProjectFunding(PartOfFiling, MoneyPlaces):
    """资金构成 of a 附件3 project, by source (same sources as 附件1 收入性质)."""

    SOURCES = [(field.removeprefix("income_"), label) for field, label in INCOME_FIELDS]

    sheet = models.ForeignKey(ProjectSheet, models.CASCADE, related_name="fundings", verbose_name="附件3")
    source = models.CharField("资金来源", max_length=20, choices=SOURCES)
    amount = MoneyField("金额")

    class Meta:
        verbose_name = "资金构成"
        verbose_name_plural = "资金构成"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "source"], name="project_funding_unique_source"),
            *non_negative("projectfunding", "amount"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"

    def owning_filing(self):
        return self.sheet.sub_item.filing if self.sheet_id else None
