from django.conf import settings
from django.db import models


class District(models.Model):
    code = models.SlugField("区划代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="打印单位全称时的前缀，如「石峰区」")
    # The review policy (budgets.lifecycle): how a returned filing comes back by default, and
    # whether one reviewer may act at two stages of one filing (small bureaus may need to).
    return_mode = models.CharField("退回方式（默认）", max_length=10, default="direct", choices=[
        ("direct", "打回（改正后直接回到退回的环节）"), ("restart", "回退（改正后从第一环节重新审核）")])
    one_reviewer_many_stages = models.BooleanField(
        "允许同一人审核多个环节", default=False, help_text="不勾选时，同一份申报的不同审核环节须由不同的人审核。")

    class Meta:
        verbose_name = "区"
        verbose_name_plural = "区"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def finance_bureau(self):
        return self.departments.filter(kind=Department.Kind.FINANCE).first()


class Department(models.Model):
    class Kind(models.TextChoices):
        STREET = "street", "街道办事处"
        DEPARTMENT = "department", "部门"
        FINANCE = "finance", "区财政局"

    district = models.ForeignKey(District, models.PROTECT, related_name="departments", verbose_name="所属区")
    # The code is the natural key used by imports and URLs, so it never changes once issued.
    code = models.SlugField("部门编码", max_length=32, unique=True)
    name = models.CharField("部门名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["district", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="department_unique_name_per_district"),
            # One 区财政局 per district: its reviewers are the district's reviewers.
            models.UniqueConstraint(
                fields=["district"], condition=models.Q(kind="finance"), name="one_finance_bureau_per_district"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """The name as printed on forms, e.g. 石峰区井龙街道办事处."""
        prefix = self.district.short_name
        return self.name if not prefix or self.name.startswith(prefix) else prefix + self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        FILER = "filer", "填报人"
        REVIEWER = "reviewer", "审核人"
        ADMIN = "admin", "管理员"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership", verbose_name="用户")
    department = models.ForeignKey(Department, models.PROTECT, related_name="members", verbose_name="所在单位")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        ordering = ["department", "role"]

    def __str__(self):
        return f"{self.user.get_username()}（{self.department} · {self.get_role_display()}）"

    @property
    def district(self):
        return self.department.district

    @property
    def sees_whole_district(self):
        """审核人 and 管理员 look across all departments of their district."""
        return self.is_reviewer or self.role == self.Role.ADMIN

    @property
    def is_reviewer(self):
        return self.role == self.Role.REVIEWER and self.department.kind == Department.Kind.FINANCE


class YearDefault(models.Model):
    """The layout (版式) and framework a district's new filings of a year start with."""

    district = models.ForeignKey(District, models.CASCADE, related_name="year_defaults", verbose_name="所属区")
    year = models.PositiveSmallIntegerField("预算年度")
    layout = models.ForeignKey("indicators.FormLayout", models.PROTECT, related_name="+", verbose_name="默认表样（版式）")
    framework = models.ForeignKey("indicators.Framework", models.PROTECT, related_name="+", verbose_name="默认指标体系")

    class Meta:
        verbose_name = "年度默认表样"
        verbose_name_plural = "年度默认表样"
        ordering = ["district", "-year"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="one_year_default_per_district")]

    def __str__(self):
        return f"{self.district} {self.year}年：{self.layout} · {self.framework}"
