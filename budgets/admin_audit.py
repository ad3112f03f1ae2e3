"""The audit log in the admin: read-only, district-scoped."""

from django.contrib import admin

from .admin_base import ReadOnlyAdmin
from .models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(AuditEntry.ACTIONS.items())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    scope = "district"
    list_display = ["created", "actor_name", "action_label", "filing_label", "target_label"]
    list_filter = [ActionFilter]
    search_fields = ["actor_name", "filing_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description="操作", ordering="action")
    def action_label(self, obj):
        return obj.action_display
