"""项目支出绩效目标（申报）表: a filing of kind project, one stand-alone form with no 附件1/2 around it.

The header is kept as printed: 主管部门 may differ from the unit that files it, tick boxes such as
「新增项目□延续项目√」 stay the printed text, amounts keep the digits as typed beside the number.
"""

from django.db import models

from .filing import Filing, PartOfFiling
from .money import MoneyField, non_negative


class ProjectForm(PartOfFiling, models.Model):
    filing = models.OneToOneField(Filing, models.CASCADE, related_name="project_form", verbose_name="申报")
    name = models.TextField("项目名称")
    supervisor = models.CharField("主管部门（表内）", max_length=200, blank=True)
    implementing_unit = models.CharField("实施单位", max_length=200, blank=True)
    leader = models.CharField("项目负责人及电话", max_length=200, blank=True)
    attribute_text = models.CharField("项目属性（原文）", max_length=200, blank=True,
                                      help_text="按表内原文，如「新增项目□延续项目√」")
    category_text = models.CharField("项目类别（原文）", max_length=200, blank=True)
    nature_text = models.CharField("项目性质（原文）", max_length=200, blank=True)
    fund_text = models.TextField("所属专项", blank=True)
    fund = models.ForeignKey(
        "budgets.SpecialFund", models.PROTECT, null=True, blank=True, related_name="project_forms",
        verbose_name="专项资金", help_text="所属专项对应的本区专项资金；「所属专项」一栏保留表内原文",
    )
    money_unit = models.CharField("金额单位（表内）", max_length=20, default="万元", blank=True)
    amount = MoneyField("项目资金总额")
    amount_text = models.CharField("项目资金总额（原文）", max_length=100, blank=True)
    period_text = models.CharField("项目实施期（原文）", max_length=100, blank=True)
    period_start = models.DateField("实施期开始", null=True, blank=True)
    period_end = models.DateField("实施期结束", null=True, blank=True)
    basis = models.TextField("立项依据", blank=True)
    overview = models.TextField("项目概况", blank=True)
    feasibility = models.TextField("可行性", blank=True)
    necessity = models.TextField("必要性", blank=True)
    period_goal = models.TextField("长期（实施期）目标", blank=True)
    annual_goal = models.TextField("年度目标", blank=True)
    safeguards = models.TextField("保障措施", blank=True)
    filled_by = models.CharField("填报人（原文）", max_length=100, blank=True)
    signed_by = models.CharField("负责人（原文）", max_length=100, blank=True)
    signed_on = models.CharField("日期（原文）", max_length=50, blank=True)

    class Meta:
        verbose_name = "项目支出绩效目标表"
        verbose_name_plural = "项目支出绩效目标表"
        constraints = [
            *non_negative("projectform", "amount"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True) | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="projectform_period_ordered", violation_error_message="实施期开始日期不能晚于结束日期。",
            ),
        ]

    def __str__(self):
        return self.name.strip()

    def owning_filing(self):
        return self.filing if self.filing_id else None


class _FormRow(PartOfFiling, models.Model):
    order = models.PositiveSmallIntegerField("行号")

    class Meta:
        abstract = True

    def owning_filing(self):
        return self.form.filing if self.form_id else None


class ProjectMoney(_FormRow):
    """A 资金 row as printed: 资金总额, 其中：财政拨款, 自有资金 … (label and source kept as printed)."""

    form = models.ForeignKey(ProjectForm, models.CASCADE, related_name="money_rows", verbose_name="项目表")
    label = models.CharField("项目（表内）", max_length=100)
    source = models.CharField("来源/级次", max_length=100, blank=True)
    amount = MoneyField("金额")
    amount_text = models.CharField("金额（原文）", max_length=100, blank=True)

    class Meta:
        verbose_name = "项目资金"
        verbose_name_plural = "项目资金"
        ordering = ["form_id", "order"]
        constraints = [models.UniqueConstraint(fields=["form", "order"], name="project_money_unique_order"),
                       *non_negative("projectmoney", "amount")]

    def __str__(self):
        return self.label


class ProjectCost(_FormRow):
    """A 成本测算 row: 测算项目, 金额, 测算（公式）依据, 上年实际."""

    form = models.ForeignKey(ProjectForm, models.CASCADE, related_name="cost_rows", verbose_name="项目表")
    item = models.TextField("测算项目")
    amount = MoneyField("金额")
    amount_text = models.CharField("金额（原文）", max_length=100, blank=True)
    basis = models.TextField("测算（公式）依据", blank=True)
    last_year = models.CharField("上年实际", max_length=100, blank=True)

    class Meta:
        verbose_name = "成本测算"
        verbose_name_plural = "成本测算"
        ordering = ["form_id", "order"]
        constraints = [models.UniqueConstraint(fields=["form", "order"], name="project_cost_unique_order"),
                       *non_negative("projectcost", "amount")]

    def __str__(self):
        return self.item


class ProjectStage(_FormRow):
    """A 实施进度计划 row: 阶段, 时间 (or 开始时间), 完成时间 where the form prints one, 内容."""

    form = models.ForeignKey(ProjectForm, models.CASCADE, related_name="stages", verbose_name="项目表")
    stage = models.CharField("阶段", max_length=200, blank=True)
    when = models.CharField("时间", max_length=200, blank=True)
    until = models.CharField("完成时间", max_length=200, blank=True,
                             help_text="表上分印开始时间与完成时间时：「时间」为开始时间，此处为完成时间")
    content = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "实施进度计划"
        verbose_name_plural = "实施进度计划"
        ordering = ["form_id", "order"]
        constraints = [models.UniqueConstraint(fields=["form", "order"], name="project_stage_unique_order")]

    def __str__(self):
        return self.stage or self.content[:20]
