"""The project's admin site: every registered admin class is district-scoped (budgets.admin_scope).

Registering through this site is the only way into the admin, third-party apps included, so a
class that declares no scope is closed to district 管理员 rather than open to all districts.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class JixiaoAdminSite(admin.AdminSite):
    site_header = "绩效目标申报与审核系统"
    site_title = "绩效目标管理"
    index_title = "系统管理"

    def register(self, model_or_iterable, admin_class=None, **options):
        # Imported here: this module is loaded with the app registry, before models can be.
        from .admin_scope import scoped_admin_class

        super().register(model_or_iterable, scoped_admin_class(admin_class or admin.ModelAdmin), **options)


class JixiaoAdminConfig(AdminConfig):
    """django.contrib.admin with our scoped site as the default `admin.site`."""

    default_site = "budgets.admin_site.JixiaoAdminSite"
