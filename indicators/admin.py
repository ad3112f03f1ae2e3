"""The indicator library in the admin: frameworks and their tiers, shared by every district.

`scope = "global"` is read by the project's admin site (budgets.admin_scope): a district 管理员 may
look, only superusers change. This app declares it as data and imports nothing of budgets.
"""

from django.contrib import admin

from .models import FormLayout, Framework, Level1, Level2, TierAlias

GLOBAL = "global"


class Level2Inline(admin.TabularInline):
    model = Level2
    extra = 0
    fields = ["order", "name", "kind", "required_overall", "required_project"]


@admin.register(Level1)
class Level1Admin(admin.ModelAdmin):
    scope = GLOBAL  # shared by every district: superusers change it
    list_display = ["name", "framework", "order", "required_overall", "required_project"]
    list_filter = ["framework"]
    inlines = [Level2Inline]


class Level1Inline(admin.TabularInline):
    model = Level1
    extra = 0
    show_change_link = True
    fields = ["order", "name", "required_overall", "required_project"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    scope = GLOBAL  # shared by every district: superusers change it
    list_display = ["name", "code", "first_year", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "basis"]
    inlines = [Level1Inline]


@admin.register(Level2)
class Level2Admin(admin.ModelAdmin):
    scope = GLOBAL  # shared by every district: superusers change it
    list_display = ["name", "level1", "kind", "required_overall", "required_project"]
    list_filter = ["level1__framework", "kind"]
    search_fields = ["name"]


@admin.register(FormLayout)
class FormLayoutAdmin(admin.ModelAdmin):
    scope = GLOBAL  # shared by every district: superusers change it
    list_display = ["name", "code", "kind", "has_attachment2", "has_attachment3", "weight_total", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "description"]


@admin.register(TierAlias)
class TierAliasAdmin(admin.ModelAdmin):
    scope = GLOBAL  # shared by every district: superusers change it
    list_display = ["level1_name", "level2_name", "level2", "framework"]
    list_filter = ["framework"]
    search_fields = ["level1_name", "level2_name"]
