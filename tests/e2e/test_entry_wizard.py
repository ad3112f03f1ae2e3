"""jinglong's clerk creates the 2021 filing in a real browser, types 附件1, goes back and forth."""

from decimal import Decimal

import pytest

from budgets.models import Filing, Indicator

from .conftest import screenshot
from .test_browse_filing import log_in


@pytest.fixture
def clerk(transactional_db, frameworks, clerk_a):
    return clerk_a


def test_clerk_creates_the_2021_filing_and_types_attachment_1(page, live_server, clerk, seed_packet):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.get_by_test_id("new-filing").click()
    page.get_by_label("预算年度").fill("2021")
    page.get_by_role("button", name="创建并开始填写").click()
    page.wait_for_selector("#step-form")
    screenshot(page, "entry-1-basic-empty")
    page.fill("#id_total_amount", "1,482.90")
    page.fill("#id_income_general", "１４８２．９")
    page.fill("#id_expense_basic", seed_packet["expense_basic"])
    page.fill("#id_expense_project", seed_packet["expense_project"])
    assert page.locator("[data-sum-of=income] [data-sum]").inner_text() == "1482.9"
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_selector("#id_duties")
    page.fill("#id_duties", seed_packet["duties"])
    for i, task in enumerate(seed_packet["key_tasks"]):
        if i >= 2:
            page.get_by_role("button", name="添加一行").click()
        page.fill(f"[name=task-{i}-item]", task["item"])
        page.fill(f"[name=task-{i}-responsible]", task["responsible"])
        page.fill(f"[name=task-{i}-goal]", task["goal"])
    screenshot(page, "entry-2-tasks")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_selector(".indicator-grid")
    for i, row in enumerate(seed_packet["indicators"]):
        if i >= 3:
            page.get_by_role("button", name="添加一行年度绩效指标").click()
        page.select_option(f"[name=ind-{i}-level1]", label=row["level1"])
        page.select_option(f"[name=ind-{i}-level2]", label=row["level2"])
        page.fill(f"[name=ind-{i}-name]", row["name"])
        page.fill(f"[name=ind-{i}-value_text]", row["value_text"])
    page.locator("[name=ind-1-value_text]").press("Tab")
    page.wait_for_selector("tr[data-prefix=ind-1] [data-testid=parsed]")
    screenshot(page, "entry-3-indicators")
    page.get_by_role("button", name="上一步").click()
    page.wait_for_selector("#id_duties")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_selector(".indicator-grid")
    screenshot(page, "entry-3-indicators-saved")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "entry-3-indicators-390")

    filing = Filing.objects.get(year=2021)
    assert (filing.total_amount, filing.income_general, filing.expense_project) == (
        Decimal("1482.9"), Decimal("1482.9"), Decimal("1020.69"))
    assert filing.duties == seed_packet["duties"]
    assert [(t.item, t.goal) for t in filing.key_tasks.order_by("order")] == [
        (t["item"], t["goal"]) for t in seed_packet["key_tasks"]]
    rows = Indicator.objects.filter(filing=filing, sheet=None).order_by("order").select_related("level2__level1")
    assert [(r.level2.level1.name, r.level2.name, r.name, r.value_text) for r in rows] == [
        (r["level1"], r["level2"], r["name"], r["value_text"]) for r in seed_packet["indicators"]]
