"""Guessing passwords gets a user + address locked for a while, with a Chinese page; a superuser unlocks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

LOCKED = "登录失败次数过多，账号已暂时锁定，请 15 分钟后再试或联系管理员解锁。"


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def attempt(client, password, username="clerk_a", url="/login/", ip="10.1.1.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    from django.contrib.auth import get_user

    return get_user(client).get_username() or None


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, clerk_a):
    for _ in range(30):
        attempt(client, "guess")
    response = attempt(client, "pw-clerk_a")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert logged_in_as(client) is None
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_the_lockout_page_has_the_look_of_our_other_pages(client, clerk_a):
    for _ in range(3):
        response = attempt(client, "guess")
    html = response.content.decode()
    assert response.status_code == 429
    assert 'lang="zh-CN"' in html and "绩效目标申报与审核系统" in html and "css/jixiao.css" in html
    assert 'href="/login/"' in html  # 返回登录页


def test_thirty_wrong_passwords_on_the_admin_login_then_the_right_one_does_not_log_in(client, admin_user):
    url = reverse("admin:login")
    for _ in range(30):
        attempt(client, "guess", username="admin_user", url=url)
    response = attempt(client, "pw-admin_user", username="admin_user", url=url)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert logged_in_as(client) is None
    assert f'href="{url}"' in response.content.decode()


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, clerk_a):
    attempt(client, "guess")
    attempt(client, "guess")
    response = attempt(client, "pw-clerk_a")
    assert response.status_code == 302
    assert logged_in_as(client) == "clerk_a"


def test_a_successful_login_resets_the_count(client, clerk_a):
    attempt(client, "guess")
    attempt(client, "guess")
    attempt(client, "pw-clerk_a")
    client.post(reverse("logout"))
    attempt(client, "guess")
    attempt(client, "guess")
    assert attempt(client, "pw-clerk_a").status_code == 302
    assert logged_in_as(client) == "clerk_a"


def test_a_locked_user_does_not_lock_another_user_on_the_same_address(client, clerk_a, clerk_b):
    for _ in range(5):
        attempt(client, "guess")
    other = Client()
    assert attempt(other, "pw-clerk_b", username="clerk_b").status_code == 302
    assert logged_in_as(other) == "clerk_b"


def test_a_locked_user_can_still_log_in_from_another_address(client, clerk_a):
    for _ in range(5):
        attempt(client, "guess", ip="10.1.1.1")
    elsewhere = Client()
    assert attempt(elsewhere, "pw-clerk_a", ip="10.2.2.2").status_code == 302
    assert logged_in_as(elsewhere) == "clerk_a"


def test_the_lock_ends_after_the_cool_off(client, clerk_a):
    for _ in range(5):
        attempt(client, "guess")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert attempt(client, "pw-clerk_a").status_code == 302


def test_limits_come_from_the_environment(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.setenv("AXES_FAILURE_LIMIT", "7")
    monkeypatch.setenv("AXES_COOLOFF_MINUTES", "45")
    reloaded = importlib.reload(config.settings)
    try:
        assert reloaded.AXES_FAILURE_LIMIT == 7
        assert reloaded.AXES_COOLOFF_TIME == timedelta(minutes=45)
    finally:
        monkeypatch.delenv("AXES_FAILURE_LIMIT")
        monkeypatch.delenv("AXES_COOLOFF_MINUTES")
        importlib.reload(config.settings)


def test_a_superuser_unlocks_in_the_admin_and_the_user_logs_in_again(client, clerk_a, django_user_model):
    for _ in range(5):
        attempt(client, "guess")
    locked = AccessAttempt.objects.get(username="clerk_a")

    root = django_user_model.objects.create_superuser("root", password="pw-root")
    admin = Client()
    admin.force_login(root)
    index = admin.get(reverse("admin:index")).content.decode()
    assert "登录失败锁定" in index and "登录失败记录" in index
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert "clerk_a" in changelist.content.decode() and "已锁定" in changelist.content.decode()
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"})
    assert response.status_code == 302

    assert attempt(client, "pw-clerk_a").status_code == 302
    assert logged_in_as(client) == "clerk_a"


def test_axes_reset_username_unlocks_from_the_command_line(client, clerk_a):
    for _ in range(5):
        attempt(client, "guess")
    call_command("axes_reset_username", "clerk_a")
    assert attempt(client, "pw-clerk_a").status_code == 302


def test_client_login_in_tests_goes_through_axes(client, clerk_a):
    # The conftest client passes a request, so axes checks (and counts) test logins too.
    assert client.login(username="clerk_a", password="pw-clerk_a")
    for _ in range(3):
        client.login(username="clerk_a", password="wrong")
    assert not client.login(username="clerk_a", password="pw-clerk_a")
