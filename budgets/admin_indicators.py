"""Indicator rows and the district's validation settings in the admin."""

from django import forms
from django.contrib import admin

from indicators.forms import IndicatorPartsForm
from indicators.validation.catalog import rule_choices

from .admin_base import COMPACT, ImportedReadOnlyAdmin, RevisionCheckedAdmin
from .models import Indicator, RuleOverride, ValidationSettings


@admin.register(Indicator)
class IndicatorAdmin(ImportedReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    form = IndicatorPartsForm
    scope = "filing__department__district"
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

    # A district's 管理员 sets their own district's rules only.
    scope = "district"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district")
