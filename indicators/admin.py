from django.contrib import admin

from .models import Framework, Indicator, Level1, Level2


class Level2Inline(admin.TabularInline):
    model = Level2
    extra = 0
    fields = ["order", "name", "kind", "required_overall", "required_project"]


@admin.register(Level1)
class Level1Admin(admin.ModelAdmin):
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
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "level2", "value_text", "operator", "value_number", "unit", "filing", "sheet"]
    list_filter = ["filing__year", "level2__level1__framework", "level2__kind", "period", "is_core"]
    search_fields = ["name", "value_text", "filing__department__name"]
    list_select_related = ["level2__level1", "filing", "sheet"]
    raw_id_fields = ["filing", "sheet"]
