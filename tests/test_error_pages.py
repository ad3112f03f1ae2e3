"""Errors speak Chinese and say what to do; nothing the user typed is silently lost."""

import pytest
from django.test import Client


def test_missing_page_is_a_chinese_404(client, clerk_a, settings):
    settings.DEBUG = False
    client.force_login(clerk_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "未找到该页面" in response.content.decode()


def test_filing_outside_scope_says_it_was_not_found_or_not_allowed(client, clerk_b, seed_filing, settings):
    settings.DEBUG = False
    client.force_login(clerk_b)
    response = client.get(f"/filings/{seed_filing.pk}/")
    # 404, not 403: whether a filing exists elsewhere is not for clerk_b to learn.
    assert response.status_code == 404
    assert "未找到该申报，或您无权查看" in response.content.decode()


def test_stale_form_after_session_expiry_gets_a_clear_page_not_a_500(clerk_a):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "clerk_a", "password": "pw-clerk_a"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "登录页面已过期" in html and "重新登录" in html


def test_stale_data_form_says_nothing_was_saved(clerk_a, rf):
    from config.views import csrf_failure

    request = rf.post("/admin/budgets/filing/1/change/")
    html = csrf_failure(request).content.decode()
    assert "页面已过期" in html and "没有被保存" in html


def test_favicon_is_served_by_us(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_every_error_template_renders_in_chinese(template):
    from django.template.loader import render_to_string

    html = render_to_string(template, {})
    assert 'lang="zh-CN"' in html and "返回首页" in html
