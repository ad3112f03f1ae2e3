"""The strict Content-Security-Policy breaks nothing: no page logs a violation, and the pages still work."""

import pytest

from .conftest import screenshot


@pytest.fixture
def seeded(transactional_db, seed_filing, clerk_a, admin_user):
    return seed_filing


@pytest.fixture
def violations(page):
    """Everything Chromium reports against the policy, from the console and from the DOM event."""
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(f"page error: {exc}"))
    return found


def log_in(page, url, username, password):
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_the_clerks_pages_break_no_policy_rule(page, live_server, seeded, violations):
    page.goto(live_server.url + "/login/")
    screenshot(page, "csp-login")
    log_in(page, live_server.url + "/login/", "clerk_a", "pw-clerk_a")
    page.wait_for_selector("[data-testid=whoami]")
    # The year filter is wired up by static/js/jixiao.js: picking a year reloads the list.
    page.select_option("select[name=year]", "2021")
    page.wait_for_url("**/?year=2021")
    screenshot(page, "csp-home")
    page.get_by_role("link", name="石峰区井龙街道办事处").click()
    page.wait_for_selector("#att3-5")
    # Column widths come from classes now: the 附件1 table's first column is still the narrow one.
    widths = page.eval_on_selector("section.form-sheet table", "t => [...t.querySelectorAll('col')].map(c => c.getBoundingClientRect().width)")
    assert widths and widths[0] < widths[1]
    # Bootstrap's dropdown (a static script) still opens.
    page.locator(".dropdown-toggle-split").click()
    assert page.get_by_test_id("pdf-att1").is_visible()
    screenshot(page, "csp-filing")
    assert violations == []


def test_the_admin_pages_break_no_policy_rule(page, live_server, seeded, violations):
    log_in(page, live_server.url + "/admin/login/", "admin_user", "pw-admin_user")
    page.wait_for_selector("#content")
    screenshot(page, "csp-admin-index")
    page.goto(live_server.url + "/admin/budgets/filing/")
    page.wait_for_selector("#result_list")
    # The action bar is admin JavaScript: selecting a row shows the selection count.
    page.locator("#result_list input.action-select").first.check()
    assert "1" in page.locator(".action-counter").inner_text()
    screenshot(page, "csp-admin-changelist")
    page.goto(f"{live_server.url}/admin/budgets/filing/{seeded.pk}/change/")
    page.wait_for_selector("input[name=_continue]")
    screenshot(page, "csp-admin-change")
    page.goto(live_server.url + "/admin/budgets/filing/import/")
    page.wait_for_selector("input[type=file]")
    screenshot(page, "csp-admin-import")
    assert violations == []
