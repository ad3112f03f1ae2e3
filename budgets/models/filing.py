from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from budgets import lifecycle
from budgets.lifecycle import IMPORTED_READ_ONLY
from indicators.forms_shipped import HUNAN_2021
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS, MONEY_FIELDS
from indicators.models import FormLayout

from .money import MoneyField, MoneyPlaces, non_negative
from .org import Department


def seed_layout():
    """The layout a filing gets when none is chosen: the seed's Hunan 2021 one (shipped data)."""
    return FormLayout.objects.filter(code=HUNAN_2021).values_list("pk", flat=True).first()


class FilingQuerySet(models.QuerySet):
    """A filing series is one form of one unit and year — the 部门整体 packet, or 项目表 N — in
    versions (调整). These are the one place that says which version is the series' latest."""

    def _newer(self):
        return Filing.objects.filter(
            department=models.OuterRef("department"), year=models.OuterRef("year"), kind=models.OuterRef("kind"),
            version__gt=models.OuterRef("version"),
        ).filter(models.Q(kind=Filing.Kind.OVERALL) | models.Q(form_no=models.OuterRef("form_no")))

    def latest(self):
        """Only the newest version of each series."""
        return self.exclude(models.Exists(self._newer()))

    def series(self, filing):
        """Every version of `filing`'s series, newest first."""
        same = self.filter(department=filing.department_id, year=filing.year, kind=filing.kind)
        if filing.kind == Filing.Kind.PROJECT:
            same = same.filter(form_no=filing.form_no)
        return same.order_by("-version")


class Filing(MoneyPlaces):
    """One department's packet for one budget year and version: 附件1 + 附件2 + the 附件3 sheets."""

    Status = lifecycle.Status

    class Kind(models.TextChoices):
        # 部门整体: 附件1 (+ 附件2/附件3 where the layout has them); 项目支出: one stand-alone form.
        OVERALL = "overall", "部门整体支出"
        PROJECT = "project", "项目支出"

    class Origin(models.TextChoices):
        ENTERED = "entered", "在线填报"
        IMPORTED = "imported", "历史导入"

    department = models.ForeignKey(Department, models.PROTECT, related_name="filings", verbose_name="部门")
    year = models.PositiveSmallIntegerField("预算年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    # A unit files one 部门整体 packet a year and any number of 项目支出 forms: each is one 表号 of the
    # year (the packet 0, the project forms 1, 2, …), and each has its own versions.
    form_no = models.PositiveSmallIntegerField(
        "表号", default=0, help_text="同一单位同一年度的第几张表：部门整体支出绩效目标表为0，项目支出绩效目标表依次为1、2、3…")
    framework = models.ForeignKey(
        "indicators.Framework", models.PROTECT, related_name="filings", verbose_name="指标体系"
    )
    # How the form looks (columns, header labels, which attachments): its own, so a filing prints as
    # it was filed even when the district later chooses another layout.
    layout = models.ForeignKey(
        "indicators.FormLayout", models.PROTECT, default=seed_layout, related_name="filings",
        verbose_name="表样（版式）"
    )
    kind = models.CharField("表的种类", max_length=16, choices=Kind.choices, default=Kind.OVERALL)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    origin = models.CharField("来源", max_length=16, choices=Origin.choices, default=Origin.ENTERED)
    # Where it stands in the district's review chain (budgets.lifecycle): the stage now reviewing
    # it (1, 2, … while 已送审; 0 before), the stage a 打回 return comes straight back to, and the
    # reviewer who opened it at this stage (撤回 is no longer possible then).
    stage = models.PositiveSmallIntegerField("审核环节", default=0, editable=False)
    return_stage = models.PositiveSmallIntegerField("退回后直接回到的环节", null=True, blank=True, editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False,
                                 related_name="+", verbose_name="审核人（本环节）")
    status_changed = models.DateTimeField("状态变更时间", null=True, blank=True, editable=False)
    amended_from = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="amendments", verbose_name="调整自"
    )

    # 附件1 部门整体支出绩效目标表. The printed unit name is part of the document: departments get
    # renamed, last year's form must still print the name it was filed under.
    department_name = models.CharField("部门名称（表内）", max_length=100)
    # The unit its amounts were filed in. Nearly every form says 万元; some (四川2023) print 元, and an
    # imported form keeps its amounts as printed rather than converted.
    money_unit = models.CharField("金额单位", max_length=20, default="万元")
    total_amount = MoneyField("资金总额")
    income_general = MoneyField("一般公共预算拨款")
    income_gov_fund = MoneyField("政府性基金拨款")
    income_other = MoneyField("其他资金")
    income_state_capital = MoneyField("国有资本经营预算")
    income_special_account = MoneyField("财政专户管理资金")
    income_unit = MoneyField("单位资金")
    income_carryover = MoneyField("上年结转")
    expense_basic = MoneyField("基本支出")
    expense_project = MoneyField("项目支出")
    duties = models.TextField("部门职责概述", blank=True)
    overall_goal = models.TextField("年度总体目标", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Optimistic lock (budgets.locking): every save of the filing or any of its rows moves it on, so
    # a form opened before that save is recognised as stale instead of silently undoing it.
    revision = models.PositiveIntegerField("修改次数", default=1, editable=False)

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = "绩效目标申报"
        verbose_name_plural = "绩效目标申报"
        ordering = ["-year", "department__order", "department__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "form_no", "version"],
                                    name="one_filing_per_department_year_form_version",
                                    violation_error_message="本单位该年度已有同一表号、同一版本的申报。"),
            # One 部门整体 packet a year: its versions (调整) make one line, whatever 表号 it was given
            # (0 when made here; an imported workbook may number it otherwise).
            models.UniqueConstraint(fields=["department", "year", "version"], condition=models.Q(kind="overall"),
                                    name="one_packet_per_department_year_version",
                                    violation_error_message="本单位该年度已有部门整体支出绩效目标申报（同一版本）。"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="filing_year_sane",
                                   violation_error_message="预算年度应在2000到2100之间。"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="filing_version_positive",
                                   violation_error_message="版本号至少为1。"),
            *non_negative("filing", *MONEY_FIELDS),
        ]
        indexes = [
            # The district-year overview (reviewers, bulk printing, exports) filters on year first.
            models.Index(fields=["year", "department"], name="filing_year_department"),
        ]

    def __str__(self):
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        kind = f" 项目表{self.form_no}" if self.kind == self.Kind.PROJECT else ""
        return f"{self.year}年 {self.department_name or self.department.name}{kind}{suffix}"

    def clean(self):
        super().clean()
        if self.layout_id and self.kind != self.layout.kind:
            raise ValidationError({"layout": f"所选表样是「{self.layout.get_kind_display()}」，与本申报的种类"
                                             f"「{self.get_kind_display()}」不符。"})

    @property
    def is_project(self):
        return self.kind == self.Kind.PROJECT

    @property
    def is_imported(self):
        return self.origin == self.Origin.IMPORTED

    def income_rows(self):
        """(label, amount) for 收入性质, the three classic rows always, newer sources when filled."""
        rows = []
        for i, (field, label) in enumerate(INCOME_FIELDS):
            value = getattr(self, field)
            if i < 3 or value is not None:
                rows.append((label, value))
        return rows

    def expense_rows(self):
        return [(label, getattr(self, field)) for field, label in EXPENSE_FIELDS]

    def top_lines(self):
        return [line for line in self.sub_items.all() if line.parent_id is None]

    def editable_by(self, user):
        """(allowed, reason) for the entry screens: budgets.lifecycle decides."""
        return lifecycle.editable_by(user, self)

    def viewable_by(self, user):
        return lifecycle.viewable_by(user, self)

    @property
    def in_review(self):
        return self.status == self.Status.SUBMITTED




class PartOfFiling:
    """A row that belongs to one filing: 年度重点工作计划, 支出方向, 附件3, 资金构成, 指标.

    Imported history is corrected by re-importing the file, never row by row, so any form (the
    admin's add pages included) refuses to add or change a row of an imported filing. The
    importer writes with bulk operations and does not go through this check.
    """

    def owning_filing(self):
        raise NotImplementedError

    def clean(self):
        super().clean()
        filing = self.owning_filing()
        if filing is not None and filing.is_imported:
            raise ValidationError(IMPORTED_READ_ONLY, code="imported_read_only")


class KeyTask(PartOfFiling, MoneyPlaces):
    """附件1 年度重点工作计划, one row per 事项."""

    filing = models.ForeignKey(Filing, models.CASCADE, related_name="key_tasks", verbose_name="申报")
    order = models.PositiveSmallIntegerField("行号")
    item = models.TextField("事项")
    responsible = models.TextField("责任单位/科室", blank=True)
    goal = models.TextField("工作目标", blank=True)
    amount = MoneyField("预算金额")

    class Meta:
        verbose_name = "年度重点工作计划"
        verbose_name_plural = "年度重点工作计划"
        ordering = ["filing_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "order"], name="key_task_unique_order"),
            *non_negative("keytask", "amount"),
        ]

    def __str__(self):
        return self.item

    def owning_filing(self):
        return self.filing if self.filing_id else None
