"""Indicator frameworks (指标体系) as data.

A framework is a versioned two-level tree (一级指标 → 二级指标). A district's filings (budgets) point
at one framework and their indicator rows at its 二级 nodes, so a new provincial template is a data
row, never a code branch. This app is the indicator library: it knows nothing of filings.
"""

from django.db import models


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
