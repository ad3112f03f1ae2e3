"""The review chain of each district in the admin: its stages in order."""

from django.contrib import admin

from .models import ReviewStage


@admin.register(ReviewStage)
class ReviewStageAdmin(admin.ModelAdmin):
    scope = "district"
    list_display = ["district", "order", "name"]
    list_filter = ["district"]
    ordering = ["district", "order"]
