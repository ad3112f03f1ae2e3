from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.html import format_html

from budgets.models import Indicator
from indicators.forms import IndicatorPartsForm
from indicators.models import Level2

from . import admin_audit, admin_indicators, admin_users, admin_workflow  # noqa: F401 - they register their admins
from .admin_base import (
    COMPACT,
    CompactInline,
    LifecycleReadOnlyAdmin,
    LifecycleReadOnlyInline,
    ReadOnlyAdmin,
    RevisionCheckedAdmin,
    money_column,
)
from .admin_importexport import ImportExportScoped
from .admin_rows import ConstantQueryInline
from .importexport import admin_views
from .models import (
    Department,
    District,
    Filing,
    FormField,
    ImportBatch,
    KeyTask,
    Membership,
    PendingInput,
    ProjectFunding,
    ProjectSheet,
    SpecialFund,
    SubItem,
    YearDefault,
)
from .resources import DepartmentResource, SpecialFundResource

User = get_user_model()


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    scope = "pk"
    district_read_only = True  # a district's own record is set up by superusers
    list_display = ["name", "code", "short_name", "return_mode", "one_reviewer_many_stages"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(ImportExportScoped):
    scope = "district"
    list_display = ["name", "code", "kind", "district", "order", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    search_fields = ["name", "code"]
    list_editable = ["order"]
    resource_classes = [DepartmentResource]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    scope = "department__district"
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department__district", "department"]
    search_fields = ["user__username", "department__name"]
    autocomplete_fields = ["department"]


@admin.register(YearDefault)
class YearDefaultAdmin(admin.ModelAdmin):
    scope = "district"
    list_display = ["district", "year", "layout", "framework"]
    list_filter = ["year", "district"]


class FrameworkScopedInline:
    """Offer only the 二级指标 of the filing's own framework."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        framework_id = getattr(request, "_jixiao_framework_id", None)
        if db_field.name == "level2" and framework_id:
            kwargs["queryset"] = Level2.objects.filter(level1__framework_id=framework_id).select_related("level1")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KeyTaskInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, admin.TabularInline):
    model = KeyTask
    extra = 0
    fields = ["order", "item", "responsible", "goal", "amount"]


class FormFieldInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, admin.TabularInline):
    model = FormField
    extra = 0
    fields = ["order", "place", "label", "text"]


class OverallIndicatorInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, FrameworkScopedInline, admin.TabularInline):
    model = Indicator
    form = IndicatorPartsForm
    verbose_name = "附件1 年度绩效指标"
    verbose_name_plural = "附件1 年度绩效指标"
    extra = 0
    fields = ["period", "order", "level1_name", "level2_name", "level2", "name", "value_type", "value_text", "operator",
              "value_number", "unit", "weight", "direction", "explanation", "scoring_rule", "remark"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sheet__isnull=True).select_related("level2__level1")


class SubItemInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, admin.TabularInline):
    model = SubItem
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
            kwargs["queryset"] = SubItem.objects.filter(filing_id=filing_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Filing)
class FilingAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "department__district"
    formfield_overrides = COMPACT
    list_display = ["__str__", "department", "year", "version", "status", "origin", "framework",
                    money_column("total_amount", "资金总额"), "updated_at"]
    list_filter = ["year", "status", "origin", "kind", "layout", "framework", "department__district",
                   "department__kind"]
    search_fields = ["department__name", "department__code", "department_name"]
    list_select_related = ["department", "framework"]
    readonly_fields = ["status", "created_at", "updated_at"]
    autocomplete_fields = ["department"]
    inlines = [KeyTaskInline, OverallIndicatorInline, SubItemInline, FormFieldInline]
    fieldsets = [
        (None, {"fields": ["department", "year", "form_no", "version", "kind", "layout", "framework", "status", "origin",
                           "amended_from"]}),
        ("附件1 部门整体支出绩效目标表", {"fields": [
            "department_name", "money_unit", "total_amount",
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


class ProjectSheetInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, admin.StackedInline):
    model = ProjectSheet
    extra = 0
    max_num = 1
    show_change_link = True
    fields = ["order", "name", "fund_text", "amount", "period_text", ("period_start", "period_end")]

    def filing_of(self, obj):
        return obj.filing


@admin.register(SubItem)
class SubItemAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "seq", money_column("amount", "金额"), "filing", "parent"]
    list_filter = ["filing__year", "filing__department"]
    search_fields = ["name", "filing__department__name"]
    list_select_related = ["filing", "parent"]
    raw_id_fields = ["filing", "parent"]
    inlines = [ProjectSheetInline]

    def filing_of(self, obj):
        return obj.filing


class SheetIndicatorInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, FrameworkScopedInline, admin.TabularInline):
    model = Indicator
    form = IndicatorPartsForm
    fk_name = "sheet"
    verbose_name = "附件3 绩效指标"
    verbose_name_plural = "附件3 绩效指标"
    extra = 0
    fields = ["period", "order", "level1_name", "level2_name", "level2", "name", "value_type", "value_text", "operator",
              "value_number", "unit", "weight", "direction", "explanation", "scoring_rule", "remark"]

    def filing_of(self, obj):
        return obj.sub_item.filing

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level2__level1")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new 附件3 indicator belongs to the sheet's filing as well.
        if obj is not None:
            formset.form.base_fields.pop("filing", None)
        return formset


class ProjectFundingInline(ConstantQueryInline, LifecycleReadOnlyInline, CompactInline, admin.TabularInline):
    model = ProjectFunding
    extra = 0

    def filing_of(self, obj):
        return obj.sub_item.filing


@admin.register(ProjectSheet)
class ProjectSheetAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "sub_item__filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "fund_text", money_column("amount", "项目金额"), "period_text", "filing_display"]
    list_filter = ["sub_item__filing__year", "sub_item__filing__department"]
    search_fields = ["name", "fund_text", "sub_item__name"]
    list_select_related = ["sub_item__filing"]
    raw_id_fields = ["sub_item"]
    inlines = [ProjectFundingInline, SheetIndicatorInline]
    fieldsets = [
        (None, {"fields": ["sub_item", "order", "name", "fund_text", "amount",
                           "period_text", ("period_start", "period_end"), "period_goal", "annual_goal"]}),
        ("项目表头（其他省份表样）", {"fields": ["implementing_unit", "project_leader", "attribute", "category", "basis"],
                                    "classes": ["collapse"]}),
    ]

    @admin.display(description="申报")
    def filing_display(self, obj):
        return obj.sub_item.filing

    def filing_of(self, obj):
        return obj.sub_item.filing

    def get_form(self, request, obj=None, **kwargs):
        request._jixiao_framework_id = obj.sub_item.filing.framework_id if obj else None
        return super().get_form(request, obj, **kwargs)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Indicator) and not obj.filing_id:
                obj.filing = form.instance.sub_item.filing
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The record of every upload: who, what file, what the preview or import reported."""

    scope = "district"
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


@admin.register(KeyTask)
class KeyTaskAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["item", "responsible", "goal", money_column("amount", "预算金额"), "filing"]
    list_filter = ["filing__year", "filing__department"]
    search_fields = ["item", "responsible", "goal", "filing__department__name"]
    list_select_related = ["filing"]
    raw_id_fields = ["filing"]

    def filing_of(self, obj):
        return obj.filing


@admin.register(ProjectFunding)
class ProjectFundingAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "sheet__sub_item__filing__department__district"
    list_display = ["sheet", "source", money_column("amount", "金额")]
    list_filter = ["source", "sheet__sub_item__filing__year"]
    search_fields = ["sheet__name"]
    list_select_related = ["sheet"]
    raw_id_fields = ["sheet"]

    def filing_of(self, obj):
        return obj.sheet.sub_item.filing


@admin.register(SpecialFund)
class SpecialFundAdmin(ImportExportScoped):
    scope = "district"
    resource_classes = [SpecialFundResource]
    list_display = ["name", "year", "code", "department", money_column("amount", "专项金额"), "period_text",
                    "sheet_count"]
    list_filter = ["year", "department"]
    search_fields = ["name", "code"]
    list_select_related = ["department"]
    formfield_overrides = COMPACT
    fields = ["district", "year", "name", "code", "department", "amount", "period_text",
              ("period_start", "period_end")]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sheet_total=Count("sheets"))

    @admin.display(description="附件3张数", ordering="sheet_total")
    def sheet_count(self, obj):
        return obj.sheet_total


@admin.register(PendingInput)
class PendingInputAdmin(admin.ModelAdmin):
    """Read-only: typed input kept aside for its own user to restore on the page; nobody edits it here.

    Keyed by user name, so scoped through the users of the district; deleting an entry is allowed (a 管理员
    clearing a stuck draft), and `manage.py purge_pending_input` removes expired ones."""

    list_display = ["username", "path", "created", "expires"]
    list_filter = ["created"]
    search_fields = ["username", "path"]
    fields = ["username", "path", "created", "expires", "data"]
    readonly_fields = fields

    def scope_queryset(self, request, queryset, district):
        return queryset.filter(username__in=User.objects.filter(membership__department__district=district)
                               .values("username"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
