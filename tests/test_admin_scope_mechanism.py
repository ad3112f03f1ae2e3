"""The admin's district scoping is one mechanism, closed by default (budgets.admin_scope)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from budgets.admin_site import JixiaoAdminSite
from budgets.audit import log_action
from budgets.models import (
    AuditEntry,
    Department,
    Filing,
    ImportBatch,
    ProjectFunding,
    ProjectSheet,
)
from budgets.roles import Role, set_role
from budgets.services.packets import create_filing_from_packet
from indicators.models import Level2

from .admin_forms import admin_form_data


@pytest.fixture
def hetang(other_district):
    return Department.objects.create(district=other_district, code="yuetang", name="月塘街道办事处", kind="street")


@pytest.fixture
def other_filing(frameworks, hetang, seed_packet):
    return create_filing_from_packet(seed_packet, department=hetang)


@pytest.fixture
def other_admin(django_user_model, other_finance_bureau):
    user = django_user_model.objects.create_user("other_admin", password="x")
    set_role(user, other_finance_bureau, Role.ADMIN)
    return user


def test_an_admin_class_that_declares_no_scope_shows_nothing_to_a_district_admin(admin_user, seed_filing):
    site = JixiaoAdminSite(name="probe")
    site.register(Permission)  # no scope declared
    model_admin = site._registry[Permission]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_view_permission(request)
    assert not model_admin.has_module_permission(request)
    assert not model_admin.get_queryset(request).exists()


def test_groups_are_for_superusers_only(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get(name="填报人")
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    before = set(group.permissions.values_list("pk", flat=True))
    response = client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "填报人", "permissions": []})
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_a_district_admin_reads_the_framework_but_cannot_rename_a_tier(client, admin_user, seed_filing):
    level2 = Level2.objects.filter(indicators__filing=seed_filing).first()
    client.force_login(admin_user)
    url = reverse("admin:indicators_level2_change", args=[level2.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # a read-only page
    response = client.post(url, {"name": "改名", "level1": level2.level1_id, "kind": level2.kind, "order": 1})
    assert response.status_code == 403
    level2.refresh_from_db()
    assert level2.name != "改名"


def test_a_row_pointing_into_another_district_is_refused_with_a_chinese_message(
        client, admin_user, seed_filing, other_filing):
    theirs = ProjectSheet.objects.filter(sub_item__filing=other_filing).first()
    client.force_login(admin_user)
    before = ProjectFunding.objects.filter(sheet=theirs).count()
    response = client.post(reverse("admin:budgets_projectfunding_add"),
                           {"sheet": theirs.pk, "source": "state_capital", "amount": "1"})
    assert response.status_code == 200
    assert f"所选对象「{theirs.pk}」不存在或不属于本区，请重新选择。" in response.content.decode()
    assert ProjectFunding.objects.filter(sheet=theirs).count() == before


def test_amended_from_offers_only_the_districts_own_filings(client, admin_user, seed_filing, other_filing):
    client.force_login(admin_user)
    url = reverse("admin:budgets_filing_change", args=[seed_filing.pk])
    html = client.get(url).content.decode()
    choices = re.search(r'<select name="amended_from".*?</select>', html, re.S).group(0)
    assert f'value="{seed_filing.pk}"' in choices
    assert f'value="{other_filing.pk}"' not in choices
    data = admin_form_data(client.get(url))
    data["amended_from"] = other_filing.pk
    response = client.post(url, data)
    assert f"所选对象「{other_filing.pk}」不存在或不属于本区，请重新选择。" in response.content.decode()
    seed_filing.refresh_from_db()
    assert seed_filing.amended_from_id is None


def test_list_filters_offer_only_the_districts_own_departments(client, admin_user, seed_filing, other_filing):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_indicator_changelist")).content.decode()
    assert "井龙街道办事处" in html
    assert "月塘街道办事处" not in html
    assert "荷塘区" not in html


def test_audit_entries_and_import_batches_stay_in_their_district(client, admin_user, other_admin, other_filing):
    log_action("filing.exported", actor=other_admin, filing=other_filing)
    ImportBatch.objects.create(created_by=other_admin, district=other_filing.department.district,
                               filename="荷塘区2020.xlsx", size=1, sha256="0" * 64, content=b"x")
    assert AuditEntry.objects.filter(filing=other_filing).exists()
    client.force_login(admin_user)
    audit = client.get(reverse("admin:budgets_auditentry_changelist")).content.decode()
    batches = client.get(reverse("admin:budgets_importbatch_changelist")).content.decode()
    assert "月塘" not in audit
    assert "荷塘区2020.xlsx" not in batches
    client.force_login(other_admin)
    assert "荷塘区2020.xlsx" in client.get(reverse("admin:budgets_importbatch_changelist")).content.decode()


def test_a_roleless_user_belongs_to_the_admin_who_created_them(client, admin_user, other_admin):
    client.force_login(other_admin)
    response = client.post(reverse("admin:auth_user_add"), {
        "username": "new_in_hetang", "password1": "Zx9!long-pass", "password2": "Zx9!long-pass",
        "usable_password": "true"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model
    newcomer = get_user_model().objects.get(username="new_in_hetang")
    assert client.get(reverse("admin:auth_user_change", args=[newcomer.pk])).status_code == 200

    client.force_login(admin_user)
    assert "new_in_hetang" not in client.get(reverse("admin:auth_user_changelist")).content.decode()
    url = reverse("admin:auth_user_password_change", args=[newcomer.pk])
    response = client.post(url, {"password1": "Hijack!2026x", "password2": "Hijack!2026x"})
    assert response.status_code == 404
    newcomer.refresh_from_db()
    assert not newcomer.check_password("Hijack!2026x")
    add_page = client.get(reverse("admin:budgets_membership_add")).content.decode()
    users = re.search(r'<select name="user".*?</select>', add_page, re.S).group(0)
    assert f'value="{newcomer.pk}"' not in users


def test_a_delete_that_would_reach_another_district_is_refused_without_naming_it(
        admin_user, seed_filing, other_filing):
    # Such a link cannot be made through the forms any more; an old row might still have one.
    Filing.objects.filter(pk=other_filing.pk).update(amended_from=seed_filing)
    model_admin = admin.site._registry[Filing]
    request = RequestFactory().get("/")
    request.user = admin_user
    to_delete, counts, perms_needed, protected = model_admin.get_deleted_objects([seed_filing], request)
    assert perms_needed == {"其他区的数据"}
    assert to_delete == [] and protected == []
