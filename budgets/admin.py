from django.contrib import admin
from django.utils.html import format_html

from indicators.forms import IndicatorPartsForm
from indicators.models import Indicator, Level2

from . import admin_users  # noqa: F401 - registers the district-scoped user admin
from .admin_base import (
    COMPACT,
    CompactInline,
    DistrictScopedAdmin,
    ImportedReadOnlyAdmin,
    ImportedReadOnlyInline,
    money_column,
)
from .admin_formsets import SafeAutocompleteAdmin, SafeInlineFormSet
from .importexport import admin_views
from .models import (
    Department,
    District,
    Filing,
    ImportBatch,
    KeyTask,
    Membership,
    ProjectFunding,
    ProjectSheet,
    SpendingLine,
)


@admin.register(District)
class DistrictAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "pk"
    list_display = ["name", "code", "short_name"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "district"
    list_display = ["name", "code", "kind", "district", "order", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    search_fields = ["name", "code"]
    list_editable = ["order"]


@admin.register(Membership)
class MembershipAdmin(SafeAutocompleteAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "department__district"
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department__district", "department"]
    search_fields = ["user__username", "department__name"]
    autocomplete_fields = ["department"]


class FrameworkScopedInline:
    """Offer only the 二级指标 of the filing's own framework."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        framework_id = getattr(request, "_jixiao_framework_id", None)
        if db_field.name == "level2" and framework_id:
            kwargs["queryset"] = Level2.objects.filter(level1__framework_id=framework_id).select_related("level1")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KeyTaskInline(ImportedReadOnlyInline, CompactInline, admin.TabularInline):
    formset = SafeInlineFormSet
    model = KeyTask
    extra = 0
    fields = ["order", "item", "responsible", "goal", "amount"]


class OverallIndicatorInline(ImportedReadOnlyInline, CompactInline, FrameworkScopedInline, admin.TabularInline):
    formset = SafeInlineFormSet
    model = Indicator
    form = IndicatorPartsForm
    verbose_name = "附件1 年度绩效指标"
    verbose_name_plural = "附件1 年度绩效指标"
    extra = 0
    fields = ["period", "order", "level2", "name", "value_text", "operator", "value_number", "unit", "weight", "remark"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sheet__isnull=True).select_related("level2__level1")


class SpendingLineInline(ImportedReadOnlyInline, CompactInline, admin.TabularInline):
    formset = SafeInlineFormSet
    model = SpendingLine
    fk_name = "filing"
    extra = 0
    show_change_link = True
    fields = ["order", "seq", "parent", "name", "amount", "period_goal", "annual_goal", "sheet_link"]
    readonly_fields = ["sheet_link"]

    @admin.display(description="附件3")
    def sheet_link(self, obj):
        sheet = getattr(obj, "sheet", None) if obj.pk else None
        if sheet is None:
            return "—"
        return format_html('<a href="../../../projectsheet/{}/change/">{}</a>', sheet.pk, sheet.name[:20])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        filing_id = getattr(request, "_jixiao_filing_id", None)
        if db_field.name == "parent":
            kwargs["queryset"] = SpendingLine.objects.filter(filing_id=filing_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Filing)
class FilingAdmin(SafeAutocompleteAdmin, ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "department__district"
    formfield_overrides = COMPACT
    list_display = ["__str__", "department", "year", "version", "status", "origin", "framework",
                    money_column("total_amount", "资金总额"), "updated_at"]
    list_filter = ["year", "status", "origin", "framework", "department__district", "department__kind"]
    search_fields = ["department__name", "department__code", "department_name"]
    list_select_related = ["department", "framework"]
    readonly_fields = ["status", "created_at", "updated_at"]
    autocomplete_fields = ["department"]
    inlines = [KeyTaskInline, OverallIndicatorInline, SpendingLineInline]
    fieldsets = [
        (None, {"fields": ["department", "year", "version", "framework", "status", "origin", "amended_from"]}),
        ("附件1 部门整体支出绩效目标表", {"fields": [
            "department_name", "total_amount",
            ("income_general", "income_gov_fund", "income_other"),
            ("income_state_capital", "income_special_account", "income_unit", "income_carryover"),
            ("expense_basic", "expense_project"),
            "duties", "overall_goal",
        ]}),
        ("记录", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    actions = [admin_views.export_selected]

    def get_form(self, request, obj=None, **kwargs):
        request._jixiao_framework_id = obj.framework_id if obj else None
        request._jixiao_filing_id = obj.pk if obj else None
        return super().get_form(request, obj, **kwargs)

    def get_urls(self):
        # Import and export pages live under the filing list: /admin/budgets/filing/import/ …
        return admin_views.urls() + super().get_urls()

    def has_import_export_permission(self, request):
        # Used by the export action (permissions=["import_export"]): 管理员 only.
        return admin_views.can_import(request.user)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), **admin_views.import_links(request)})


class ProjectSheetInline(ImportedReadOnlyInline, CompactInline, admin.StackedInline):
    formset = SafeInlineFormSet
    model = ProjectSheet
    extra = 0
    max_num = 1
    show_change_link = True
    fields = ["order", "name", "special_fund", "amount", "period_text", ("period_start", "period_end")]

    def filing_of(self, obj):
        return obj.filing


@admin.register(SpendingLine)
class SpendingLineAdmin(ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "seq", money_column("amount", "金额"), "filing", "parent"]
    list_filter = ["filing__year", "filing__department"]
    search_fields = ["name", "filing__department__name"]
    list_select_related = ["filing", "parent"]
    raw_id_fields = ["filing", "parent"]
    inlines = [ProjectSheetInline]

    def filing_of(self, obj):
        return obj.filing


class SheetIndicatorInline(ImportedReadOnlyInline, CompactInline, FrameworkScopedInline, admin.TabularInline):
    formset = SafeInlineFormSet
    model = Indicator
    form = IndicatorPartsForm
    fk_name = "sheet"
    verbose_name = "附件3 绩效指标"
    verbose_name_plural = "附件3 绩效指标"
    extra = 0
    fields = ["period", "order", "level2", "name", "value_text", "operator", "value_number", "unit", "weight", "remark"]

    def filing_of(self, obj):
        return obj.spending_line.filing

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level2__level1")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new 附件3 indicator belongs to the sheet's filing as well.
        if obj is not None:
            formset.form.base_fields.pop("filing", None)
        return formset


class ProjectFundingInline(ImportedReadOnlyInline, CompactInline, admin.TabularInline):
    formset = SafeInlineFormSet
    model = ProjectFunding
    extra = 0

    def filing_of(self, obj):
        return obj.spending_line.filing


@admin.register(ProjectSheet)
class ProjectSheetAdmin(ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "spending_line__filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "special_fund", money_column("amount", "项目金额"), "period_text", "filing_display"]
    list_filter = ["spending_line__filing__year", "spending_line__filing__department"]
    search_fields = ["name", "special_fund", "spending_line__name"]
    list_select_related = ["spending_line__filing"]
    raw_id_fields = ["spending_line"]
    inlines = [ProjectFundingInline, SheetIndicatorInline]
    fieldsets = [
        (None, {"fields": ["spending_line", "order", "name", "special_fund", "amount",
                           "period_text", ("period_start", "period_end"), "period_goal", "annual_goal"]}),
        ("项目表头（其他省份表样）", {"fields": ["implementing_unit", "project_leader", "attribute", "category", "basis"],
                                    "classes": ["collapse"]}),
    ]

    @admin.display(description="申报")
    def filing_display(self, obj):
        return obj.spending_line.filing

    def filing_of(self, obj):
        return obj.spending_line.filing

    def get_form(self, request, obj=None, **kwargs):
        request._jixiao_framework_id = obj.spending_line.filing.framework_id if obj else None
        return super().get_form(request, obj, **kwargs)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Indicator) and not obj.filing_id:
                obj.filing = form.instance.spending_line.filing
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The record of every upload: who, what file, what the preview or import reported."""

    list_display = ["filename", "created", "created_by", "status", "size", "imported_at"]
    list_filter = ["status"]
    search_fields = ["filename", "created_by__username"]
    fields = ["filename", "size", "sha256", "created", "created_by", "status", "imported_at", "summary_display"]
    readonly_fields = fields

    @admin.display(description="结果摘要")
    def summary_display(self, obj):
        counts = (obj.summary or {}).get("counts", {})
        lines = [f"{sheet}：新增 {c.get('new', 0)}，更新 {c.get('updated', 0)}，未变 {c.get('unchanged', 0)}，"
                 f"删除 {c.get('deleted', 0)}，错误 {c.get('errors', 0)}" for sheet, c in counts.items()]
        return format_html("<br>".join(["{}"] * len(lines)), *lines) if lines else "—"

    def has_view_permission(self, request, obj=None):
        return admin_views.can_import(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyTask)
class KeyTaskAdmin(ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["item", "responsible", "goal", money_column("amount", "预算金额"), "filing"]
    list_filter = ["filing__year", "filing__department"]
    search_fields = ["item", "responsible", "goal", "filing__department__name"]
    list_select_related = ["filing"]
    raw_id_fields = ["filing"]

    def filing_of(self, obj):
        return obj.filing


@admin.register(ProjectFunding)
class ProjectFundingAdmin(ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    district_lookup = "sheet__spending_line__filing__department__district"
    list_display = ["sheet", "source", money_column("amount", "金额")]
    list_filter = ["source", "sheet__spending_line__filing__year"]
    search_fields = ["sheet__name"]
    list_select_related = ["sheet"]
    raw_id_fields = ["sheet"]

    def filing_of(self, obj):
        return obj.sheet.spending_line.filing
