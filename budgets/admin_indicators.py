"""Indicator rows, the district's validation settings and stand-alone project forms in the admin."""

from django import forms
from django.contrib import admin

from indicators.forms import IndicatorPartsForm
from indicators.validation.catalog import rule_choices

from .admin_base import (
    COMPACT,
    CompactInline,
    LifecycleReadOnlyAdmin,
    LifecycleReadOnlyInline,
    RevisionCheckedAdmin,
)
from .models import Indicator, RuleOverride, ValidationSettings
from .models.project_form import ProjectCost, ProjectForm, ProjectMoney, ProjectStage


@admin.register(Indicator)
class IndicatorAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
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


# --- Stand-alone 项目支出绩效目标表: its header and rows, corrected here by a 管理员 ---

class _ProjectFormRowInline(LifecycleReadOnlyInline, CompactInline, admin.TabularInline):
    extra = 0

    def filing_of(self, obj):
        return obj.filing


class ProjectMoneyInline(_ProjectFormRowInline):
    model = ProjectMoney


class ProjectCostInline(_ProjectFormRowInline):
    model = ProjectCost


class ProjectStageInline(_ProjectFormRowInline):
    model = ProjectStage


@admin.register(ProjectForm)
class ProjectFormAdmin(LifecycleReadOnlyAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    scope = "filing__department__district"
    formfield_overrides = COMPACT
    list_display = ["name", "filing", "supervisor", "fund_text"]
    search_fields = ["name", "filing__department__name"]
    list_select_related = ["filing"]
    raw_id_fields = ["filing"]
    inlines = [ProjectMoneyInline, ProjectCostInline, ProjectStageInline]

    def filing_of(self, obj):
        return obj.filing
