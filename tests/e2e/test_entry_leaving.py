"""In a real browser: what a 填报人 typed on a step and then left without saving — by a link, the step bar,
Back, reload or closing the tab — is never dropped: links keep it aside and go on, the browser warns
before Back, reload and closing, and the step offers it back (「恢复您未保存的内容」)."""

import time

import pytest

from budgets.entry.views import LEFT_ASIDE
from budgets.models import Filing, PendingInput

from .conftest import screenshot
from .test_browse_filing import log_in

TYPED = "离开前写下、尚未保存的部门职责。"


@pytest.fixture
def draft(transactional_db, seed_filing, clerk_a):
    return seed_filing


@pytest.fixture
def dialogs(page):
    """Every dialog the page opens, accepted (Playwright would otherwise dismiss it: stay on the page)."""
    seen = []

    def accept(dialog):
        seen.append((dialog.type, dialog.message))
        dialog.accept()
    page.on("dialog", accept)
    return seen


def tasks_url(live_server, filing):
    return f"{live_server.url}/entry/{filing.pk}/tasks/"


def open_tasks_and_type(page, live_server, filing):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(tasks_url(live_server, filing))
    page.wait_for_selector("#id_duties")
    page.click("#id_duties")
    page.fill("#id_duties", TYPED)


def kept(filing, seconds=10):
    """The input kept aside for the tasks step (a beacon may land a moment after the page is gone)."""
    path = f"/entry/{filing.pk}/tasks/"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pending = PendingInput.objects.filter(username="clerk_a", path=path).first()
        if pending is not None:
            return pending
        time.sleep(0.2)
    return None


def offered_back_and_restored(page, live_server, filing):
    page.goto(tasks_url(live_server, filing))
    page.wait_for_selector("[data-testid=pending]")
    assert page.input_value("#id_duties") != TYPED
    page.get_by_role("link", name="恢复您未保存的内容").click()
    page.wait_for_selector("[data-testid=notice]")
    assert page.input_value("#id_duties") == TYPED


def test_a_link_out_of_a_changed_step_keeps_the_input_and_says_so(page, live_server, draft, dialogs):
    open_tasks_and_type(page, live_server, draft)
    page.get_by_role("link", name="我的填报").click()
    page.wait_for_selector("[data-testid=my-filings]")
    assert page.get_by_text(LEFT_ASIDE).is_visible()
    screenshot(page, "leaving-1-link-told")
    assert dialogs == []  # kept, so nothing to ask
    assert kept(draft).data["duties"] == [TYPED]
    assert Filing.objects.get(pk=draft.pk).duties != TYPED  # kept aside, not saved
    offered_back_and_restored(page, live_server, draft)
    screenshot(page, "leaving-2-restored")


def test_the_step_bar_saves_what_was_typed_on_the_way(page, live_server, draft, dialogs):
    open_tasks_and_type(page, live_server, draft)
    with page.expect_navigation():
        page.locator("[data-step=basic]").click()
    page.wait_for_selector("#id_total_amount")
    assert dialogs == []
    assert Filing.objects.get(pk=draft.pk).duties == TYPED


def test_back_warns_and_keeps_the_input(page, live_server, draft, dialogs):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(f"{live_server.url}/entry/{draft.pk}/basic/")
    page.goto(tasks_url(live_server, draft))
    page.click("#id_duties")
    page.fill("#id_duties", TYPED)
    page.go_back()
    page.wait_for_selector("#id_total_amount")
    assert [kind for kind, _ in dialogs] == ["beforeunload"]
    assert kept(draft).data["duties"] == [TYPED]
    offered_back_and_restored(page, live_server, draft)


def test_reload_warns_and_keeps_the_input(page, live_server, draft, dialogs):
    open_tasks_and_type(page, live_server, draft)
    page.reload()
    page.wait_for_selector("#id_duties")
    assert [kind for kind, _ in dialogs] == ["beforeunload"]
    assert kept(draft).data["duties"] == [TYPED]
    assert page.get_by_test_id("pending").is_visible()


def test_closing_the_tab_warns_and_keeps_the_input(page, live_server, draft, dialogs):
    open_tasks_and_type(page, live_server, draft)
    other = page.context.new_page()  # the session lives on in the browser
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while not page.is_closed() and time.monotonic() < deadline:
        other.wait_for_timeout(100)
    assert [kind for kind, _ in dialogs] == ["beforeunload"]
    assert kept(draft).data["duties"] == [TYPED]
    offered_back_and_restored(other, live_server, draft)


def test_leaving_an_unchanged_step_asks_nothing_and_keeps_nothing(page, live_server, draft, dialogs):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(f"{live_server.url}/entry/{draft.pk}/basic/")
    page.goto(tasks_url(live_server, draft))
    page.click("#id_duties")  # looked at, not changed
    page.go_back()
    page.wait_for_selector("#id_total_amount")
    page.get_by_role("link", name="我的填报").click()
    page.wait_for_selector("[data-testid=my-filings]")
    assert dialogs == []
    assert kept(draft, seconds=1) is None


def test_a_page_shown_again_after_a_refused_save_warns_before_back(page, live_server, draft, dialogs):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(f"{live_server.url}/entry/{draft.pk}/basic/")
    page.goto(tasks_url(live_server, draft))
    page.fill("[name=task-0-order]", "1.5")
    page.fill("#id_duties", TYPED)
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("[data-testid=error-summary]")
    screenshot(page, "leaving-3-refused")
    page.click("body")
    page.go_back()
    page.wait_for_timeout(500)
    assert [kind for kind, _ in dialogs] == ["beforeunload"]
    assert kept(draft).data["duties"] == [TYPED]
