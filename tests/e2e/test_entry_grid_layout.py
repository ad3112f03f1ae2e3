"""In a real browser: the 2023 default layout's grid (101号 分列: 指标性质·指标值·计量单位·权重·指标解释·评(扣)分标准)
shows every typed cell at 1366 px, its heads on one line and its 操作 in view; at 390 px it scrolls
sideways inside its box. Screenshots go to tests/e2e/artifacts/."""

import pytest

from budgets.entry.services import create_filing

from .conftest import screenshot
from .test_browse_filing import log_in

TYPED = {"name": "道路保洁面积", "value_text": "53.91", "unit": "万平方米", "weight": "12.50",
         "explanation": "按合同面积统计", "scoring_rule": "每低1%扣1分"}

MEASURE = """grid => {
  const row = grid.querySelector('tr[data-prefix$="-0"]');
  const cells = {};
  row.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), textarea, select').forEach(el => {
    const name = el.name.replace(/^[a-z]+-0-/, '');
    cells[name] = {width: el.getBoundingClientRect().width, clipped: el.scrollWidth > el.clientWidth + 1};
  });
  const heads = [...grid.querySelectorAll('thead th')].map(th => [th.textContent.trim(), th.getBoundingClientRect().height]);
  const actions = row.querySelector('.row-actions').getBoundingClientRect();
  return {cells, heads, actionsRight: actions.right, boxRight: grid.getBoundingClientRect().right,
          scrollWidth: grid.scrollWidth, clientWidth: grid.clientWidth,
          pageWidth: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def packet_2023(transactional_db, frameworks, clerk_a):
    filing = create_filing(clerk_a, 2023)
    assert filing.layout.code == "mof-101"  # the default layout of 2023 (its framework's)
    return filing


def test_the_101_grid_shows_what_is_typed_at_1366_and_scrolls_at_390(page, live_server, packet_2023):
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(f"{live_server.url}/entry/{packet_2023.pk}/indicators/")
    page.wait_for_selector("#grid-ind")
    for name, value in TYPED.items():
        page.fill(f"[name=ind-0-{name}]", value)
    page.locator("[name=ind-0-scoring_rule]").press("Tab")
    grid = page.locator("#grid-ind")

    wide = grid.evaluate(MEASURE)
    screenshot(page, "grid-101-1366")
    for name in TYPED:
        assert not wide["cells"][name]["clipped"], (name, wide["cells"][name])
    assert wide["cells"]["unit"]["width"] >= 80 and wide["cells"]["weight"]["width"] >= 64, wide["cells"]
    one_line = min(height for _, height in wide["heads"])
    assert all(height < one_line * 1.5 for _, height in wide["heads"]), wide["heads"]
    assert wide["actionsRight"] <= wide["boxRight"] + 1 <= 1366  # 操作 in view, not cut off

    page.set_viewport_size({"width": 390, "height": 844})
    narrow = grid.evaluate(MEASURE)
    screenshot(page, "grid-101-390")
    assert narrow["pageWidth"] <= 390  # the page itself does not scroll sideways …
    assert narrow["scrollWidth"] > narrow["clientWidth"]  # … the grid does, inside its box
    for name in TYPED:
        assert not narrow["cells"][name]["clipped"], name
    assert all(height < one_line * 1.5 for _, height in narrow["heads"]), narrow["heads"]
    grid.evaluate("g => g.scrollLeft = g.scrollWidth")
    screenshot(page, "grid-101-390-scrolled")
    assert page.locator("[name=ind-0-DELETE]").is_visible()
