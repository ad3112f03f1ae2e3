"""User accounts in the admin: a district's 管理员 manages its own district's people, nothing more.

Roles are given through 用户角色 (Membership), which sets groups and staff status; the raw
superuser/staff/permission switches stay with superusers so nobody can promote themselves.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .admin_base import district_id_of

User = get_user_model()
PRIVILEGED = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class DistrictUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "membership", "is_active", "last_login"]
    list_select_related = ["membership__department"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Users of one's own district, and brand-new accounts that have no role yet.
        district = district_id_of(request.user)
        return qs.filter(is_superuser=False).filter(
            membership__department__district=district
        ) | qs.filter(is_superuser=False, membership__isnull=True)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in PRIVILEGED if f not in fields]
        return fields
