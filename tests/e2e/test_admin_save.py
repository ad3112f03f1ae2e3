"""Saving a filing in the admin changes only what the administrator changed, to the byte.

The seed keeps leading newlines, lone spaces and multi-line cells; browsers send CRLF.
"""

import pytest

from budgets.models import Indicator
from budgets.text import filing_as_text


@pytest.fixture
def seeded(transactional_db, seed_filing, admin_user):
    return seed_filing


def admin_login(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin_user")
    page.fill("#id_password", "pw-admin_user")
    page.get_by_role("button", name="登录").click()


def save_and_continue(page):
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success, .messagelist .info")


def test_saving_a_filing_unchanged_keeps_every_cell_as_it_was(page, live_server, seeded):
    before = filing_as_text(seeded)
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/budgets/filing/{seeded.pk}/change/")
    save_and_continue(page)
    assert filing_as_text(seeded) == before
    assert page.locator(".messagelist .success").inner_text() == (
        f"成功修改了 绩效目标申报“{seeded}”。你可以在下面再次编辑它。")
    # The admin itself saw no change (CRLF from the browser is not an edit): its history says so.
    page.goto(f"{live_server.url}/admin/budgets/filing/{seeded.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").last.inner_text() == "没有字段被修改。"


def test_editing_one_value_on_a_sheet_leaves_the_others_untouched(page, live_server, seeded):
    target = Indicator.objects.get(filing=seeded, value_text="整洁")
    sheet = target.sheet
    before = {i.pk: (i.name, i.value_text, i.remark) for i in Indicator.objects.filter(sheet=sheet)}
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/budgets/projectsheet/{sheet.pk}/change/")
    box = page.locator("textarea").filter(has_text="整洁").first
    box.fill("≥95%")
    save_and_continue(page)
    after = {i.pk: (i.name, i.value_text, i.remark) for i in Indicator.objects.filter(sheet=sheet)}
    assert after[target.pk][1] == "≥95%"
    assert {k: v for k, v in after.items() if k != target.pk} == {k: v for k, v in before.items() if k != target.pk}
    assert any(remark == " " for _, _, remark in after.values())  # the 满意度 备注 is still one space
