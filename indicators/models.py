"""Indicator frameworks (指标体系) as data.

A framework is a versioned two-level tree (一级指标 → 二级指标). Filings point at one framework and
every indicator row points at one 二级 node of it, so a new provincial template is a data row,
never a code branch.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from budgets.models.filing import PartOfFiling

from .values import DEFAULT_GRADES, DEFAULT_VAGUE_WORDS


class Framework(models.Model):
    class Layout(models.TextChoices):
        # 合并: the seed's layout, 指标值 holds number and unit in one cell.
        COMBINED = "combined", "指标值合并一栏（一级·二级·三级·指标值·备注）"
        # 分列: 101号 / 一体化 layout, 指标性质 · 指标值 · 计量单位 · 权重 … as columns.
        SPLIT = "split", "指标性质、计量单位、权重分列"

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    basis = models.CharField("依据文件", max_length=200, blank=True)
    description = models.TextField("说明", blank=True)
    layout = models.CharField("表样", max_length=16, choices=Layout.choices, default=Layout.COMBINED)
    first_year = models.PositiveSmallIntegerField("启用年度", null=True, blank=True)
    is_active = models.BooleanField("可选用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Level1(models.Model):
    framework = models.ForeignKey(Framework, models.CASCADE, related_name="level1s", verbose_name="指标体系")
    name = models.CharField("一级指标", max_length=50)
    order = models.PositiveSmallIntegerField("排序", default=0)
    # Required: the form needs at least one 三级 with a value somewhere under this 一级.
    required_overall = models.BooleanField("附件1必填", default=False)
    required_project = models.BooleanField("附件3必填", default=False)

    class Meta:
        verbose_name = "一级指标"
        verbose_name_plural = "一级指标"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="level1_unique_name_per_framework"),
        ]

    def __str__(self):
        return self.name


class Level2(models.Model):
    class Kind(models.TextChoices):
        # The meaning of a 二级 node, independent of how a framework words it; validation rules
        # (cost arithmetic, 满意度 floor, required outputs) key on this, not on the label.
        QUANTITY = "quantity", "数量"
        QUALITY = "quality", "质量"
        TIMELINESS = "timeliness", "时效"
        COST = "cost", "成本"
        ECONOMIC_COST = "economic_cost", "经济成本"
        SOCIAL_COST = "social_cost", "社会成本"
        ECO_COST = "eco_cost", "生态环境成本"
        ECONOMIC = "economic", "经济效益"
        SOCIAL = "social", "社会效益"
        ECOLOGICAL = "ecological", "生态效益"
        SUSTAINABILITY = "sustainability", "可持续影响"
        SATISFACTION = "satisfaction", "满意度"
        OTHER = "other", "其他"

    level1 = models.ForeignKey(Level1, models.CASCADE, related_name="level2s", verbose_name="一级指标")
    name = models.CharField("二级指标", max_length=50)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField("排序", default=0)
    required_overall = models.BooleanField("附件1必填", default=False)
    required_project = models.BooleanField("附件3必填", default=False)

    class Meta:
        verbose_name = "二级指标"
        verbose_name_plural = "二级指标"
        ordering = ["level1__framework", "level1__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["level1", "name"], name="level2_unique_name_per_level1"),
        ]

    def __str__(self):
        return f"{self.level1.name} / {self.name}"

    @property
    def framework_id(self):
        return self.level1.framework_id


class Indicator(PartOfFiling, models.Model):
    """One 三级指标 row on 附件1 (sheet is empty) or on one 附件3 sheet.

    value_text is the 指标值 exactly as typed, warts included; operator / value_number / unit are its
    structured parts, typed into their own columns on split layouts or parsed from the text where
    they parse. Empty rows are kept: the seed has ten, and printing must show them.
    """

    class Period(models.TextChoices):
        ANNUAL = "annual", "年度"
        IMPLEMENTATION = "implementation", "实施期"

    class Operator(models.TextChoices):
        GE = "≥", "≥"
        GT = ">", ">"
        EQ = "=", "="
        LT = "<", "<"
        LE = "≤", "≤"
        QUALITATIVE = "定性", "定性"

    filing = models.ForeignKey("budgets.Filing", models.CASCADE, related_name="indicators", verbose_name="申报")
    sheet = models.ForeignKey(
        "budgets.ProjectSheet",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="附件3",
        help_text="留空表示附件1部门整体指标",
    )
    level2 = models.ForeignKey(Level2, models.PROTECT, related_name="indicators", verbose_name="二级指标")
    period = models.CharField("期间", max_length=16, choices=Period.choices, default=Period.ANNUAL)
    order = models.PositiveSmallIntegerField("行号")
    name = models.TextField("三级指标", blank=True)
    value_text = models.TextField("指标值", blank=True)
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

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["filing", "sheet", "period", "order"]
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
        return f"{self.level2.name} · {self.name.strip() or '（空）'}"

    @property
    def level1(self):
        return self.level2.level1

    @property
    def is_empty(self):
        return not self.name.strip() and not self.value_text.strip()

    def owning_filing(self):
        if self.filing_id:
            return self.filing
        # A new 附件3 row added on its sheet's page gets its filing from the sheet on save.
        return self.sheet.spending_line.filing if self.sheet_id else None

    def clean(self):
        super().clean()
        # In an inline formset the sheet is the page's own (already loaded): no query per row.
        if self.filing_id and self.sheet_id and self.sheet.spending_line.filing_id != self.filing_id:
            raise ValidationError("所选附件3属于另一份申报，请选择本申报的附件3。")
        # The database's row-number constraints hold per table (附件1, or one 附件3) only, so form
        # validation skips them; a clash would otherwise surface as an error page on save.
        table = {"sheet_id": self.sheet_id} if self.sheet_id else {"filing_id": self.filing_id, "sheet__isnull": True}
        if self.order is not None and (self.sheet_id or self.filing_id) and Indicator.objects.filter(
                **table, period=self.period, order=self.order).exclude(pk=self.pk).exists():
            raise ValidationError(f"行号{self.order}已被本表另一行{self.get_period_display()}指标使用，请换一个行号。",
                                  code="duplicate_order")


# --- Validation settings (issue 3): per district, defaults from domain.md §7 when no row exists ---

def _words(words):
    return "、".join(words)


class ValidationSettings(models.Model):
    """How strictly one district's reviewers want filings checked.

    Without a row the engine uses the same defaults (indicators/validation/config.py), so a new
    district works before anybody opens this page.
    """

    district = models.OneToOneField(
        "budgets.District", models.CASCADE, related_name="validation_settings", verbose_name="区"
    )
    money_tolerance = models.DecimalField(
        "金额核对容差（万元）", max_digits=12, decimal_places=6, default=Decimal("0.005"),
        validators=[MinValueValidator(0, "容差不能为负数。")],
        help_text="资金总额、附件1与附件2、附件2与附件3等金额核对时允许的差额",
    )
    cost_tolerance = models.DecimalField(
        "成本测算容差（万元）", max_digits=12, decimal_places=6, default=Decimal("0.005"),
        validators=[MinValueValidator(0, "容差不能为负数。")],
        help_text="「每月×12」「单价×数量」与项目金额比较时允许的差额",
    )
    satisfaction_floor = models.DecimalField(
        "满意度下限（%）", max_digits=5, decimal_places=2, default=Decimal("80"),
        validators=[MinValueValidator(0, "满意度下限应在0到100之间。"),
                    MaxValueValidator(100, "满意度下限应在0到100之间。")],
        help_text="满意度指标值低于此值视为错误",
    )
    max_name_length = models.PositiveSmallIntegerField(
        "三级指标名称最长字数", default=25,
        validators=[MinValueValidator(1, "最长字数至少为1。"), MaxValueValidator(500, "最长字数不能超过500。")],
    )
    vague_words = models.TextField(
        "模糊用语", default=_words(DEFAULT_VAGUE_WORDS),
        help_text="指标值或三级指标名称中出现这些词时给出警告；以顿号、逗号或换行分隔",
    )
    grade_words = models.TextField(
        "定性分级用语", default=_words(DEFAULT_GRADES),
        help_text="指标值恰为其中之一时视为定性分级，不按模糊用语处理；以顿号、逗号或换行分隔",
    )
    sheet_per_leaf = models.BooleanField(
        "附件3按末级子项填报", default=False,
        help_text="勾选：附件2中每个末级支出方向（有子项时为各子项）各需一张附件3；"
                  "不勾选：每个附件2一级支出方向一张附件3",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "校验规则设置"
        verbose_name_plural = "校验规则设置"
        ordering = ["district"]

    def __str__(self):
        return f"{self.district} 校验规则设置"


class RuleOverride(models.Model):
    """One rule made stricter, milder or switched off for a district."""

    class Level(models.TextChoices):
        ERROR = "error", "错误（阻止送审）"
        WARNING = "warning", "警告（须确认）"
        INFO = "info", "提示"
        OFF = "off", "关闭"

    settings = models.ForeignKey(ValidationSettings, models.CASCADE, related_name="overrides", verbose_name="校验规则设置")
    # Codes come from indicators/validation/catalog.py; the admin offers them as a list.
    code = models.CharField("规则", max_length=40)
    severity = models.CharField("级别", max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = "规则级别"
        verbose_name_plural = "规则级别"
        ordering = ["settings", "code"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "code"], name="rule_override_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} → {self.get_severity_display()}"

    def clean(self):
        from .validation.catalog import RULES

        if self.code not in RULES:
            raise ValidationError({"code": f"没有规则「{self.code}」"})
