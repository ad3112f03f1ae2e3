from django import forms
from django.contrib import admin

from budgets.access import membership_of
from budgets.admin_base import COMPACT, DistrictScopedAdmin, ImportedReadOnlyAdmin
from budgets.admin_formsets import SafeInlineFormSet
from budgets.models import District

from .forms import IndicatorPartsForm
from .models import Framework, Indicator, Level1, Level2, RuleOverride, ValidationSettings
from .validation.catalog import rule_choices


class Level2Inline(admin.TabularInline):
    formset = SafeInlineFormSet
    model = Level2
    extra = 0
    fields = ["order", "name", "kind", "required_overall", "required_project"]


@admin.register(Level1)
class Level1Admin(admin.ModelAdmin):
    list_display = ["name", "framework", "order", "required_overall", "required_project"]
    list_filter = ["framework"]
    inlines = [Level2Inline]


class Level1Inline(admin.TabularInline):
    formset = SafeInlineFormSet
    model = Level1
    extra = 0
    show_change_link = True
    fields = ["order", "name", "required_overall", "required_project"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "layout", "first_year", "is_active"]
    list_filter = ["layout", "is_active"]
    search_fields = ["name", "code", "basis"]
    inlines = [Level1Inline]


@admin.register(Level2)
class Level2Admin(admin.ModelAdmin):
    list_display = ["name", "level1", "kind", "required_overall", "required_project"]
    list_filter = ["level1__framework", "kind"]
    search_fields = ["name"]


@admin.register(Indicator)
class IndicatorAdmin(ImportedReadOnlyAdmin, DistrictScopedAdmin, admin.ModelAdmin):
    form = IndicatorPartsForm
    district_lookup = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "level2", "value_text", "operator", "value_number", "unit", "filing", "sheet"]
    list_filter = ["filing__year", "level2__level1__framework", "level2__kind", "period", "is_core"]
    search_fields = ["name", "value_text", "filing__department__name"]
    list_select_related = ["level2__level1", "filing", "sheet"]
    raw_id_fields = ["filing", "sheet"]

    def filing_of(self, obj):
        return obj.filing


# --- Validation settings (issue 3) ---

class RuleOverrideForm(forms.ModelForm):
    code = forms.ChoiceField(label="规则", choices=rule_choices)

    class Meta:
        model = RuleOverride
        fields = ["code", "severity"]


class RuleOverrideInline(admin.TabularInline):
    formset = SafeInlineFormSet
    model = RuleOverride
    form = RuleOverrideForm
    extra = 0
    verbose_name = "规则级别调整"
    verbose_name_plural = "规则级别调整（未列出的规则按默认级别）"


@admin.register(ValidationSettings)
class ValidationSettingsAdmin(admin.ModelAdmin):
    list_display = ["district", "money_tolerance", "cost_tolerance", "satisfaction_floor", "sheet_per_leaf", "updated_at"]
    inlines = [RuleOverrideInline]
    fieldsets = [
        (None, {"fields": ["district"]}),
        ("容差与下限", {"fields": ["money_tolerance", "cost_tolerance", "satisfaction_floor", "max_name_length"]}),
        ("用语", {"fields": ["vague_words", "grade_words"]}),
        ("附件3", {"fields": ["sheet_per_leaf"]}),
    ]

    # A district's 管理员 sets their own district's rules only; superusers see all districts.
    def _district_id(self, request):
        membership = membership_of(request.user)
        return membership.department.district_id if membership else None

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("district")
        return qs if request.user.is_superuser else qs.filter(district_id=self._district_id(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district" and not request.user.is_superuser:
            kwargs["queryset"] = District.objects.filter(pk=self._district_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
