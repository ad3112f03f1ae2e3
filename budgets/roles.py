"""Roles are Django groups plus a Membership (which department the user works for).

The group holds the model permissions (what kind of thing a user may touch, used by the admin);
the Membership scopes it (whose filings). Groups are re-synced after every migrate.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Membership

Role = Membership.Role

GROUP_NAMES = {Role.FILER: "填报人", Role.REVIEWER: "审核人", Role.ADMIN: "管理员"}
FILING_MODELS = ["filing", "keytask", "subitem", "projectsheet", "projectfunding", "indicator"]


def _perms(apps_models, actions):
    q = Permission.objects.none()
    for app, models in apps_models.items():
        q = q | Permission.objects.filter(
            content_type__app_label=app,
            content_type__model__in=models,
            codename__regex=r"^(" + "|".join(actions) + r")_",
        )
    return q


def sync_groups(**kwargs):
    # post_migrate reaches apps one by one; make sure every app's permissions exist before the
    # groups are given them, whichever app's signal runs this.
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    filing_models = {"budgets": FILING_MODELS, "indicators": ["indicator"]}
    filer, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.FILER])
    filer.permissions.set(_perms(filing_models, ["view", "add", "change"]))
    reviewer, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.REVIEWER])
    reviewer.permissions.set(_perms({**filing_models, "indicators": ["indicator", "framework", "level1", "level2"]}, ["view"]))
    admin, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.ADMIN])
    admin.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["budgets", "indicators", "approvals"])
        | Permission.objects.filter(content_type__app_label="auth", content_type__model__in=["user", "group"])
    )


@transaction.atomic
def set_role(user, department, role):
    """Give a user one role in one department; admins get the admin site, nobody else does."""
    Membership.objects.update_or_create(user=user, defaults={"department": department, "role": role})
    user.groups.set([Group.objects.get(name=GROUP_NAMES[role])])
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["is_staff"])
