"""In a real browser: 附件3 sheets typed from the seed, a save that loses to another tab, a session that
expires under a typing clerk. Screenshots of every step at 1366 and 390 px go to tests/e2e/artifacts/."""

import copy
from decimal import Decimal

import pytest

from budgets.locking import STALE_MESSAGE
from budgets.models import Filing, Indicator, ProjectSheet, SubItem
from budgets.services.packets import create_filing_from_packet

from .conftest import screenshot
from .test_browse_filing import log_in


@pytest.fixture
def draft(transactional_db, frameworks, jinglong, clerk_a, seed_packet):
    """The seed filing as a 填报人's draft, with 附件1 and 附件2 typed and no 附件3 yet."""
    packet = copy.deepcopy(seed_packet)
    for line in packet["sub_items"]:
        line.pop("sheet", None)
    return create_filing_from_packet(packet, department=jinglong)


def shots(page, name):
    """The page at desktop width and at a phone's, then back to desktop."""
    screenshot(page, f"{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})


def click_and_load(page, locator):
    """Click a button that submits the step and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()


def save(page):
    click_and_load(page, page.get_by_role("button", name="保存", exact=True))


def step(page, live_server, filing, path):
    page.goto(f"{live_server.url}/entry/{filing.pk}/{path}")
    page.wait_for_selector("#step-form")


def type_sheet(page, sheet):
    page.fill("#id_name", sheet["name"])
    page.fill("#id_fund_text", sheet["fund_text"])
    page.fill("#id_amount", sheet["amount"])
    page.fill("#id_period_text", sheet["period_text"])
    page.fill("#id_period_goal", sheet["period_goal"])
    page.fill("#id_annual_goal", sheet["annual_goal"])
    for i, row in enumerate(sheet["indicators"]):
        if i >= 3:
            page.get_by_role("button", name="添加一行年度绩效指标").click()
        page.select_option(f"[name=ind-{i}-level1]", label=row["level1"])
        page.select_option(f"[name=ind-{i}-level2]", label=row["level2"])
        page.fill(f"[name=ind-{i}-name]", row["name"])
        page.fill(f"[name=ind-{i}-value_text]", row["value_text"])
        if row.get("remark"):
            page.fill(f"[name=ind-{i}-remark]", row["remark"])


def add_sheet_for(page, line):
    click_and_load(page, page.locator("[data-step=sheets]"))
    page.select_option("#id_sub_item", value=str(line.pk))
    save(page)
    page.wait_for_selector(".indicator-grid")


def test_clerk_types_two_sheets_one_under_a_row_with_children_and_goes_back_and_forth(
        page, live_server, draft, seed_packet):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    lines = {line.name: line for line in SubItem.objects.filter(filing=draft, parent=None)}
    seeds = [seed_packet["sub_items"][0], seed_packet["sub_items"][4]]  # 环卫作业服务费; 专项业务经费 (5 child rows)
    assert len(seeds[1]["children"]) == 5
    step(page, live_server, draft, "lines/")
    shots(page, "sheets-0-lines")
    for n, seed in enumerate(seeds, start=1):
        add_sheet_for(page, lines[seed["name"]])
        type_sheet(page, seed["sheet"])
        page.locator("[name=ind-1-value_text]").press("Tab")
        page.wait_for_selector("tr[data-prefix=ind-1] [data-testid=parsed]")
        shots(page, f"sheets-{n}-typed")
        save(page)
        assert page.get_by_test_id("notice").count() == 0, page.get_by_test_id("notice").inner_text()
        assert page.locator(".alert-success").inner_text() == "已保存。"
        shots(page, f"sheets-{n}-saved")

    # Back to the first sheet with 上一步 from the second, then forward again through the step list.
    click_and_load(page, page.get_by_role("button", name="上一步"))
    assert page.input_value("#id_name") == seeds[0]["sheet"]["name"]
    assert page.input_value("[name=ind-8-value_text]") == seeds[0]["sheet"]["indicators"][8]["value_text"]
    click_and_load(page, page.locator("[data-step^=sheet-]").nth(1))
    assert page.input_value("#id_name") == seeds[1]["sheet"]["name"]
    shots(page, "sheets-3-back-and-forth")

    for seed in seeds:
        sheet = ProjectSheet.objects.get(sub_item=lines[seed["name"]])
        expected = seed["sheet"]
        assert (sheet.name, sheet.fund_text, sheet.amount, sheet.period_text,
                sheet.period_goal, sheet.annual_goal) == (
            expected["name"], expected["fund_text"], Decimal(expected["amount"]), expected["period_text"],
            expected["period_goal"], expected["annual_goal"])
        rows = (Indicator.objects.filter(sheet=sheet).order_by("order").select_related("level2__level1"))
        assert [(r.period, r.level2.level1.name, r.level2.name, r.name, r.value_text, r.remark) for r in rows] == [
            ("annual", x["level1"], x["level2"], x["name"], x["value_text"], x.get("remark", ""))
            for x in expected["indicators"]]
    assert SubItem.objects.filter(filing=draft, parent=lines[seeds[1]["name"]]).count() == 5


def test_a_save_from_a_second_tab_gets_the_conflict_message_and_keeps_what_was_typed(
        page, live_server, draft):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    other = page.context.new_page()
    step(page, live_server, draft, "tasks/")
    step(other, live_server, draft, "tasks/")
    page.fill("#id_duties", "第一个窗口写的部门职责。")
    save(page)
    assert page.locator(".alert-success").inner_text() == "已保存。"
    other.fill("#id_duties", "第二个窗口写的部门职责。")
    save(other)
    assert other.get_by_test_id("notice").inner_text() == STALE_MESSAGE
    assert other.input_value("#id_duties") == "第二个窗口写的部门职责。"
    shots(other, "conflict-1-second-tab")
    draft.refresh_from_db()
    assert draft.duties == "第一个窗口写的部门职责。"
    # Saving again on purpose: this page's version wins.
    save(other)
    assert other.locator(".alert-success").inner_text() == "已保存。"
    draft.refresh_from_db()
    assert draft.duties == "第二个窗口写的部门职责。"


def test_input_typed_after_logging_out_in_another_tab_is_restored_after_logging_in(
        page, live_server, draft):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    step(page, live_server, draft, "tasks/")
    other = page.context.new_page()
    other.goto(live_server.url + "/")
    other.get_by_role("button", name="退出").click()
    other.wait_for_selector("#id_username")
    page.fill("#id_duties", "会话过期前写下的部门职责，不能丢。")
    save(page)
    page.wait_for_selector("#id_username")
    shots(page, "expired-1-login")
    assert "登录已过期。您填写的内容已暂存" in page.content()
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill("pw-clerk_a")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("[data-testid=pending]")
    shots(page, "expired-2-pending")
    assert page.input_value("#id_duties") != "会话过期前写下的部门职责，不能丢。"
    page.get_by_role("link", name="恢复您未保存的内容").click()
    page.wait_for_selector("[data-testid=notice]")
    assert page.input_value("#id_duties") == "会话过期前写下的部门职责，不能丢。"
    shots(page, "expired-3-restored")
    save(page)
    assert page.locator(".alert-success").inner_text() == "已保存。"
    assert Filing.objects.get(pk=draft.pk).duties == "会话过期前写下的部门职责，不能丢。"
