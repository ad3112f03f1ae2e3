"""reviewer reads the 审核工作台 and the 审核进度总览 in a real browser, on a desk (1366 px) and on a
phone (390 px); screenshots are kept in tests/e2e/artifacts/."""

import pytest

from tests.approvals.conftest import mend_errors, submit
from tests.approvals.test_queue_queries import add_units

from .conftest import screenshot
from .test_browse_filing import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def district_year(transactional_db, seed_filing, cast, district, frameworks, seed_packet):
    """井龙 has submitted the seed filing; 40 more units are in every state."""
    submit(cast["clerk_a"], mend_errors(seed_filing))
    add_units(district, frameworks[seed_packet["framework"]], cast["reviewer"], 0, 40)
    return seed_filing


def page_overflow(tab):
    """How far the page itself is wider than the window (wide tables scroll inside their box)."""
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def lines_of_first_unit(tab, table):
    """In how many lines the first row's unit name is drawn (a squeezed column breaks it per character)."""
    return tab.evaluate("""(table) => {
        const cell = document.querySelector(`[data-testid="${table}"] tbody tr td:nth-child(${table === "queue" ? 3 : 1})`);
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }""", table)


@pytest.mark.parametrize("width", [1366, 390])
def test_reviewer_reads_the_queue_and_the_dashboard(page, live_server, district_year, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/review/")
    page.wait_for_selector('[data-testid="queue"]')
    assert page.locator('[data-testid="batch-check"]').count() == 15  # 井龙 and 14 of the 40
    assert page_overflow(page) <= 0 and lines_of_first_unit(page, "queue") == 1
    screenshot(page, f"review-queue-{width}")

    page.get_by_test_id("dashboard-link").click()
    page.wait_for_selector('[data-testid="dashboard"]')
    assert page.locator('[data-testid="dashboard-row"]').count() == 42  # 井龙, 响石岭 (未填报), the 40
    assert "未填报" in page.locator('[data-testid="dashboard-row"]').nth(1).inner_text()
    assert page_overflow(page) <= 0 and lines_of_first_unit(page, "dashboard") == 1
    screenshot(page, f"review-dashboard-{width}")


def test_reviewer_approves_two_filings_in_one_batch(page, live_server, district_year):
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/review/")
    page.locator('[data-testid="batch-check"]').nth(0).check()
    page.locator('[data-testid="batch-check"]').nth(1).check()
    page.get_by_test_id("batch-action").select_option("approve")
    page.get_by_test_id("batch-next").click()
    page.wait_for_selector('[data-testid="batch-items"]')
    page.get_by_test_id("batch-grade").select_option("B")
    screenshot(page, "review-batch-confirm-1366")
    page.get_by_test_id("batch-apply").click()
    summary = page.get_by_test_id("batch-summary").inner_text()
    assert "完成 2 份" in summary
    screenshot(page, "review-batch-done-1366")
