"""Indicator frameworks (指标体系) as data.

A framework is a versioned two-level tree (一级指标 → 二级指标). A district's filings (budgets) point
at one framework and their indicator rows at its 二级 nodes, so a new provincial template is a data
row, never a code branch. This app is the indicator library: it knows nothing of filings.
"""

from django.core.exceptions import ValidationError
from django.db import models

from .forms_shipped import BLOCKS, COLUMNS, HEADER_FIELDS


class Framework(models.Model):
    """Which tiers a form's indicators belong to; how the form looks is its FormLayout's business."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    basis = models.CharField("依据文件", max_length=200, blank=True)
    description = models.TextField("说明", blank=True)
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


class Period(models.TextChoices):
    """Which block of a form an indicator row belongs to."""

    ANNUAL = "annual", "年度"
    IMPLEMENTATION = "implementation", "实施期"


class Operator(models.TextChoices):
    """指标性质: how the 指标值 compares (≥ 95%), or 定性 for a graded or worded target."""

    GE = "≥", "≥"
    GT = ">", ">"
    EQ = "=", "="
    LT = "<", "<"
    LE = "≤", "≤"
    QUALITATIVE = "定性", "定性"


class FormLayout(models.Model):
    """A form layout (版式): what a printed form carries, as data (see indicators.forms_shipped).

    columns: [[key, printed label], …] in printed order, keys from COLUMNS;
    header: {key: printed label} for the header fields it carries (HEADER_FIELDS);
    blocks: [[period, printed title], …] the indicator blocks it has, in printed order.
    """

    class Kind(models.TextChoices):
        OVERALL = "overall", "部门整体支出绩效目标表"
        PROJECT = "project", "项目支出绩效目标（申报）表"

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("表的种类", max_length=16, choices=Kind.choices, default=Kind.OVERALL)
    description = models.TextField("说明", blank=True)
    has_attachment2 = models.BooleanField("含附件2汇总表", default=True)
    has_attachment3 = models.BooleanField("含附件3支出方向表", default=True)
    columns = models.JSONField("指标表栏目", default=list,
                               help_text="按印刷顺序：[[栏目代码, 表内标题], …]；栏目代码：" + "、".join(COLUMNS))
    header = models.JSONField("表头项目", default=dict,
                              help_text="{项目代码: 表内标题}；项目代码：" + "、".join(HEADER_FIELDS))
    blocks = models.JSONField("指标分组", default=list,
                              help_text="[[期间, 标题], …]；期间：implementation（实施期/长期）、annual（年度）")
    weight_total = models.DecimalField("权重合计", max_digits=7, decimal_places=2, null=True, blank=True,
                                       help_text="留空表示不校验权重合计")
    # Most forms merge a run of equal 一级/二级 cells into one; some print the name on every row.
    merge_tiers = models.BooleanField("合并相同的一级/二级单元格", default=True)
    is_active = models.BooleanField("可选用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "表样（版式）"
        verbose_name_plural = "表样（版式）"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        columns = self.columns if isinstance(self.columns, list) else None
        bad = columns is None or [c for c in columns
                                  if not (isinstance(c, list | tuple) and len(c) == 2 and c[0] in COLUMNS)]
        if bad or not columns:
            raise ValidationError({"columns": f"栏目应为 [[栏目代码, 标题], …]，栏目代码只能是：{'、'.join(COLUMNS)}"})
        if not isinstance(self.header, dict) or any(k not in HEADER_FIELDS for k in self.header):
            raise ValidationError({"header": f"表头项目代码只能是：{'、'.join(HEADER_FIELDS)}"})
        if not isinstance(self.blocks, list) or not self.blocks or any(
                not (isinstance(b, list | tuple) and len(b) == 2 and b[0] in BLOCKS) for b in self.blocks):
            raise ValidationError({"blocks": "指标分组应为 [[implementation 或 annual, 标题], …]"})

    @property
    def column_keys(self):
        return [key for key, _ in self.columns]

    def has_column(self, key):
        return key in self.column_keys

    @property
    def is_project(self):
        return self.kind == self.Kind.PROJECT

    def label(self, key, default=None):
        """The printed label of a header field, or None when the layout does not carry it."""
        return self.header.get(key, default)

    def block_title(self, period):
        return next((title for p, title in self.blocks if p == period), None)


class TierAlias(models.Model):
    """A printed 一级 / 二级 pair that means one of a framework's 二级 (e.g. 「效益指标 / 满意度指标」 on
    a form whose framework lists 满意度 as its own 一级)."""

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="aliases", verbose_name="指标体系")
    level1_name = models.CharField("表内一级指标", max_length=50, blank=True)
    level2_name = models.CharField("表内二级指标", max_length=50, blank=True)
    level2 = models.ForeignKey(Level2, models.CASCADE, related_name="aliases", verbose_name="对应二级指标")

    class Meta:
        verbose_name = "指标名称别名"
        verbose_name_plural = "指标名称别名"
        ordering = ["framework", "level1_name", "level2_name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level1_name", "level2_name"], name="tier_alias_unique"),
        ]

    def __str__(self):
        return f"{self.level1_name} / {self.level2_name} → {self.level2}"

    def clean(self):
        super().clean()
        if self.level2_id and self.framework_id and self.level2.level1.framework_id != self.framework_id:
            raise ValidationError({"level2": "对应的二级指标应属于同一指标体系。"})
