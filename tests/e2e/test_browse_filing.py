"""A clerk logs in with the login form and reads the 2021 filing in a real browser."""

import pytest

from .conftest import screenshot


@pytest.fixture
def seeded(transactional_db, seed_filing, clerk_a):
    return seed_filing


def log_in(page, live_server, username, password):
    page.goto(live_server.url + "/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_clerk_logs_in_and_reads_the_whole_filing(page, live_server, seeded):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    assert "clerk_a" in page.get_by_test_id("whoami").inner_text()
    page.get_by_role("link", name="石峰区井龙街道办事处").click()
    page.wait_for_selector("#att3-5")
    assert page.get_by_test_id("total-amount").inner_text() == "1482.9"
    assert page.get_by_test_id("att2-total").inner_text() == "1020.69"
    assert page.locator("section.form-sheet").count() == 7
    assert page.locator("#att3-2").get_by_text("全年12个月，每月55.83万元").is_visible()
    screenshot(page, "filing-detail")


def test_wrong_password_is_refused_with_a_chinese_message(page, live_server, seeded):
    log_in(page, live_server, "clerk_a", "not-the-password")
    assert page.get_by_text("请输入一个正确的").is_visible()
    # Still the login page, and still on the way to where the clerk was going.
    assert page.url == live_server.url + "/login/?next=/"
