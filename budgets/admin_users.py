"""User accounts in the admin: a district's 管理员 manages its own district's people, nothing more.

Roles are given through 用户角色 (Membership), which sets groups and staff status; the raw
superuser/staff/permission switches stay with superusers so nobody can promote themselves.
"""

from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

User = get_user_model()
PRIVILEGED = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class DistrictUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "membership", "is_active", "last_login"]
    list_select_related = ["membership__department"]

    def scope_queryset(self, request, queryset, district):
        """Users of one's own district, and accounts with no role yet that this 管理员 created."""
        created_here = [int(pk) for pk in LogEntry.objects.filter(
            user=request.user, action_flag=ADDITION, content_type=ContentType.objects.get_for_model(User),
        ).values_list("object_id", flat=True) if pk.isdecimal()]
        return queryset.filter(is_superuser=False).filter(
            Q(membership__department__district=district) | Q(membership__isnull=True, pk__in=created_here)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in PRIVILEGED if f not in fields]
        return fields
