"""A district's 管理员 works on their own district only, and cannot promote anyone."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from budgets.models import Filing, Indicator
from budgets.roles import Role, set_role
from budgets.services.packets import create_filing_from_packet


def assert_not_found_in_admin(response, message):
    # Django's admin answers an object outside the user's queryset as if it did not exist: back to the
    # admin index with a message. A 302 to the login page would mean the user lost all access.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]


@pytest.fixture
def other_admin(django_user_model, other_finance_bureau):
    user = django_user_model.objects.create_user("other_admin", password="x")
    set_role(user, other_finance_bureau, Role.ADMIN)
    return user


def test_admin_of_another_district_does_not_see_the_filing(client, other_admin, seed_filing, seed_packet,
                                                          other_finance_bureau):
    client.force_login(other_admin)
    html = client.get(reverse("admin:budgets_filing_changelist")).content.decode()
    assert "井龙" not in html
    response = client.get(reverse("admin:budgets_filing_change", args=[seed_filing.pk]))
    assert_not_found_in_admin(response, f"ID 为“{seed_filing.pk}”的 绩效目标申报 不存在。可能已经被删除了？")
    own = create_filing_from_packet(seed_packet, department=other_finance_bureau)
    assert client.get(reverse("admin:budgets_filing_change", args=[own.pk])).status_code == 200


def test_admin_of_another_district_cannot_open_its_indicators(client, other_admin, seed_filing, seed_packet,
                                                             other_finance_bureau):
    client.force_login(other_admin)
    indicator = Indicator.objects.filter(filing=seed_filing).first()
    response = client.get(reverse("admin:budgets_indicator_change", args=[indicator.pk]))
    assert_not_found_in_admin(response, f"ID 为“{indicator.pk}”的 绩效指标 不存在。可能已经被删除了？")
    own = Indicator.objects.filter(filing=create_filing_from_packet(seed_packet, department=other_finance_bureau)).first()
    assert client.get(reverse("admin:budgets_indicator_change", args=[own.pk])).status_code == 200


def test_district_admin_cannot_make_anyone_superuser(client, admin_user, clerk_a):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[clerk_a.pk])
    html = client.get(url).content.decode()
    assert 'name="is_superuser"' not in html
    client.post(url, {"username": "clerk_a", "is_superuser": "on", "is_staff": "on", "is_active": "on",
                      "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    clerk_a.refresh_from_db()
    assert not clerk_a.is_superuser and not clerk_a.is_staff


def test_district_admin_does_not_see_other_districts_users(client, admin_user, other_reviewer, clerk_a):
    client.force_login(admin_user)
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "clerk_a" in html
    assert "other_reviewer" not in html


def test_indicators_of_an_imported_filing_are_read_only_in_the_admin(client, admin_user, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    indicator = Indicator.objects.filter(filing=seed_filing).first()
    client.force_login(admin_user)
    url = reverse("admin:budgets_indicator_change", args=[indicator.pk])
    assert 'name="value_text"' not in client.get(url).content.decode()
    response = client.post(url, {"value_text": "≥1"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.value_text != "≥1"


def test_amounts_show_as_typed_in_the_admin(client, admin_user, seed_filing):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_filing_change", args=[seed_filing.pk])).content.decode()
    assert 'value="1482.9"' in html
    assert "1482.900000" not in html
