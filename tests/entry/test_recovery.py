"""Input posted to a step after the session expired (or with a stale CSRF token) is kept for its user on
every step that saves, within bounds: a page opened too long ago, or input too large to keep, is told."""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse

from budgets.entry import recovery
from budgets.entry.forms import OWNER_MAX_AGE
from budgets.entry.services import create_filing
from budgets.models import PendingInput, ProjectSheet
from indicators.models import FormLayout
from tests.conftest import AxesAwareClient

from .helpers import flat, page_fields

PACKET_STEPS = ["step_basic", "step_tasks", "step_indicators", "step_lines", "step_sheets", "step_sheet"]
PROJECT_STEPS = ["project_basic", "project_money", "project_targets"]


def step_url(name, filing):
    if name == "step_sheet":
        sheet = ProjectSheet.objects.filter(sub_item__filing=filing).order_by("order").first()
        return reverse("entry:step_sheet", args=[filing.pk, sheet.pk])
    return reverse(f"entry:{name}", args=[filing.pk])


@pytest.fixture
def project(frameworks, clerk_a):
    return create_filing(clerk_a, 2023, kind="project", layout=FormLayout.objects.get(code="hunan-project"))


def typed_then_logged_out(client, user, url):
    client.force_login(user)
    typed = flat(page_fields(client, url))
    client.logout()
    return typed


def kept_after_logout(client, user, url, **changes):
    typed = typed_then_logged_out(client, user, url)
    response = client.post(url, {**typed, **changes, "action": "save"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response


@pytest.mark.parametrize("name", PACKET_STEPS)
def test_every_packet_step_keeps_input_posted_after_the_session_expired(client, clerk_a, seed_filing, name):
    url = step_url(name, seed_filing)
    kept_after_logout(client, clerk_a, url, marker="会话过期前写下的")
    assert PendingInput.objects.get(path=url).data["marker"] == ["会话过期前写下的"]


@pytest.mark.parametrize("name", PROJECT_STEPS)
def test_every_project_step_keeps_input_posted_after_the_session_expired(client, clerk_a, project, name):
    url = step_url(name, project)
    response = kept_after_logout(client, clerk_a, url, marker="项目表上写下的")
    assert PendingInput.objects.get(path=url).data["marker"] == ["项目表上写下的"]
    assert "您填写的内容已暂存" in [str(m) for m in get_messages(response.wsgi_request)][0]
    client.force_login(clerk_a)
    assert "恢复您未保存的内容" in client.get(url).content.decode()


@pytest.mark.parametrize("name", PROJECT_STEPS)
def test_every_project_step_keeps_input_posted_with_a_stale_csrf_token(clerk_a, project, name):
    strict = AxesAwareClient(enforce_csrf_checks=True)
    strict.force_login(clerk_a)
    url = step_url(name, project)
    typed = flat(page_fields(strict, url))
    response = strict.post(url, {**typed, "csrfmiddlewaretoken": "stale" * 8, "marker": "过期令牌"})
    assert response.status_code == 302 and response["Location"] == url
    assert PendingInput.objects.get(path=url).data["marker"] == ["过期令牌"]


def test_a_post_to_the_check_step_or_a_row_check_is_never_kept(client, clerk_a, seed_filing):
    for url in (reverse("entry:step_check", args=[seed_filing.pk]), reverse("entry:check_row", args=[seed_filing.pk])):
        owner = signing.dumps(["clerk_a", url], salt="budgets.entry.owner")
        client.post(url, {"owner": owner, "revision": "1", "marker": "x"})
    assert not PendingInput.objects.exists()


def test_keeping_input_again_replaces_what_was_kept_for_that_page(client, clerk_a, seed_filing):
    url = step_url("step_basic", seed_filing)
    kept_after_logout(client, clerk_a, url, overall_goal="第一次")
    kept_after_logout(client, clerk_a, url, overall_goal="第二次")
    assert [p.data["overall_goal"] for p in PendingInput.objects.all()] == [["第二次"]]


# --- bounds ------------------------------------------------------------------------------------------

def test_the_owner_token_lasts_a_session_and_a_margin(settings):
    assert OWNER_MAX_AGE.total_seconds() > settings.SESSION_COOKIE_AGE
    assert OWNER_MAX_AGE.days <= 4


def test_a_page_opened_longer_ago_than_the_token_lasts_keeps_nothing_and_says_so(client, clerk_a, seed_filing):
    url = step_url("step_basic", seed_filing)
    client.force_login(clerk_a)
    page_time = 1_800_000_000
    with mock.patch("django.core.signing.time.time", return_value=page_time):
        typed = flat(page_fields(client, url))
    client.logout()
    later = page_time + OWNER_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url, {**typed, "overall_goal": "太久以前打开的页面"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not PendingInput.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [recovery.TOO_OLD]


def test_input_too_large_to_keep_is_refused_with_a_chinese_message(client, clerk_a, seed_filing):
    url = step_url("step_basic", seed_filing)
    typed = typed_then_logged_out(client, clerk_a, url)
    response = client.post(url, {**typed, "overall_goal": "很长" * (recovery.KEEP_LIMIT // 4)})
    assert response.status_code == 302
    assert not PendingInput.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [recovery.TOO_LARGE]
    assert "无法暂存" in recovery.TOO_LARGE


def test_input_just_under_the_limit_is_kept(client, clerk_a, seed_filing):
    url = step_url("step_basic", seed_filing)
    typed = typed_then_logged_out(client, clerk_a, url)
    client.post(url, {**typed, "overall_goal": "x" * (recovery.KEEP_LIMIT - 10_000)})
    assert PendingInput.objects.count() == 1


def test_a_too_large_stale_csrf_post_is_told_and_not_kept(clerk_a, seed_filing):
    strict = AxesAwareClient(enforce_csrf_checks=True)
    strict.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    typed = flat(page_fields(strict, url))
    response = strict.post(url, {**typed, "csrfmiddlewaretoken": "stale" * 8,
                                 "overall_goal": "很长" * (recovery.KEEP_LIMIT // 4)})
    assert not PendingInput.objects.exists()
    assert response.status_code == 302
    assert recovery.TOO_LARGE in [str(m) for m in get_messages(response.wsgi_request)]


def test_leaving_a_step_with_input_too_large_to_keep_stays_on_the_page_and_says_so(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    typed = flat(page_fields(client, url))
    response = client.post(url, {**typed, "total_amount": "abc", "overall_goal": "很长" * (recovery.KEEP_LIMIT // 4),
                                 "action": "next"})
    assert response.status_code == 200
    assert recovery.TOO_LARGE_TO_LEAVE in response.content.decode()
    assert not PendingInput.objects.exists()


# --- the request limits (already a Chinese page): never a 500 or English ----------------------------

def test_a_post_over_the_upload_limit_gets_a_chinese_page(client, clerk_a, seed_filing, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    typed = flat(page_fields(client, url))
    response = client.post(url, {**typed, "overall_goal": "x" * 200_000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交的内容无法处理（可能过大或格式不对）" in html and "Request body exceeded" not in html


def test_a_post_with_too_many_fields_gets_a_chinese_page(client, clerk_a, seed_filing, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    typed = flat(page_fields(client, url))
    response = client.post(url, {**typed, **{f"x{i}": "1" for i in range(100)}})
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交的内容无法处理（可能过大或格式不对）" in html and "The number of GET/POST parameters" not in html


# --- a changed step left without saving (static/js/entry.js posts it) ----------------------------------

def test_a_step_left_by_a_link_is_kept_not_saved_and_told_on_the_next_page(client, clerk_a, seed_filing):
    from budgets.entry.views import LEFT_ASIDE

    client.force_login(clerk_a)
    url = step_url("step_tasks", seed_filing)
    typed = flat(page_fields(client, url))
    response = client.post(url, {**typed, "duties": "还没保存", "task-0-order": "1.5", "action": "leave"})
    assert response.status_code == 204
    assert PendingInput.objects.get(path=url).data["duties"] == ["还没保存"]
    assert "还没保存" not in type(seed_filing).objects.get(pk=seed_filing.pk).duties
    assert LEFT_ASIDE in client.get(reverse("home"), follow=True).content.decode()


def test_a_beacon_from_a_closing_tab_is_kept_quietly(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    typed = flat(page_fields(client, url))
    response = client.post(url, {**typed, "overall_goal": "关窗前写的", "action": "keep"})
    assert response.status_code == 204
    assert list(get_messages(response.wsgi_request)) == []
    assert PendingInput.objects.get(path=url).data["overall_goal"] == ["关窗前写的"]


def test_only_who_may_edit_the_step_keeps_input_there(client, reviewer, clerk_b, seed_filing):
    url = step_url("step_basic", seed_filing)
    client.force_login(clerk_b)  # another unit's: not even shown
    assert client.post(url, {"overall_goal": "x", "action": "keep"}).status_code == 404
    type(seed_filing).objects.filter(pk=seed_filing.pk).update(status="submitted")
    client.force_login(reviewer)  # reads a submitted filing, edits nothing
    assert client.post(url, {"overall_goal": "x", "action": "keep"}).status_code == 403
    assert not PendingInput.objects.exists()


def test_input_too_large_to_keep_on_leaving_is_answered_413_with_the_reason(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    url = step_url("step_basic", seed_filing)
    response = client.post(url, {"overall_goal": "很长" * (recovery.KEEP_LIMIT // 4), "action": "leave"})
    assert response.status_code == 413
    assert response.content.decode() == recovery.TOO_LARGE
    assert not PendingInput.objects.exists()
