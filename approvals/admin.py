"""The workflow's records in the admin: read-only (they change through approvals.services only)."""

from django.contrib import admin

from budgets.admin_base import ReadOnlyAdmin

from .models import Comment, Review, Revision


class ReadOnly(ReadOnlyAdmin, admin.ModelAdmin):
    scope = "filing__department__district"


@admin.register(Revision)
class RevisionAdmin(ReadOnly):
    list_display = ["filing", "number", "submitted_by_name", "created_at", "error_count", "warning_count"]
    exclude = ["html", "tables"]


@admin.register(Review)
class ReviewAdmin(ReadOnly):
    list_display = ["filing", "stage_name", "actor_name", "action", "grade", "created_at", "undone_at"]


@admin.register(Comment)
class CommentAdmin(ReadOnly):
    list_display = ["filing", "target_label", "author_name", "state", "visibility", "created_at"]
