"""A grid posts every row; rows posted back as the page showed them are kept as stored, not re-checked.

The browser sends a textarea's line breaks as CRLF, so the tests post them that way too.
"""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from budgets.locking import STALE_MESSAGE
from budgets.models import AuditEntry, Filing, Indicator

from ..concurrency import at_once
from .helpers import flat, page_fields


def grid_url(filing):
    return reverse("entry:step_indicators", args=[filing.pk])


def as_browser_posts(data):
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def rows_of(filing):
    return list(Indicator.objects.filter(filing=filing, sheet=None).order_by("order"))


def post(client, filing, changes):
    data = as_browser_posts(flat(page_fields(client, grid_url(filing))))
    data.update(changes, action="save")
    return client.post(grid_url(filing), data)


def test_a_copied_row_without_a_tier_does_not_block_saving_another_row_until_it_is_touched(signed_in, seed_filing):
    # Say a row came from last year's filing with no 二级 of this year's framework, and its 指标值
    # holds a line break, as the seed's do.
    first = rows_of(seed_filing)[0]
    Indicator.objects.filter(pk=first.pk).update(level2=None, value_text="462.21\n1020.69")

    assert post(signed_in, seed_filing, {"ind-1-remark": "只改了第二行"}).status_code == 302
    assert rows_of(seed_filing)[1].remark == "只改了第二行"
    assert AuditEntry.objects.get(action="filing.saved").data["changed"] == ["备注"]
    first.refresh_from_db()
    assert (first.level2_id, first.value_text) == (None, "462.21\n1020.69")

    # Once the user changes that row, its form asks for the 二级 as for any typed row.
    response = post(signed_in, seed_filing, {"ind-0-name": "改过的指标"})
    assert response.status_code == 200
    assert "请选择二级指标。" in response.content.decode()
    first.refresh_from_db()
    assert first.name != "改过的指标"


def test_renumbering_untouched_rows_moves_them_and_writes_nothing_else(signed_in, seed_filing):
    first, second = rows_of(seed_filing)[:2]
    assert post(signed_in, seed_filing, {"ind-0-order": "2", "ind-1-order": "1"}).status_code == 302
    assert [r.pk for r in rows_of(seed_filing)[:2]] == [second.pk, first.pk]
    assert AuditEntry.objects.get(action="filing.saved").data["changed"] == ["行号"]


def test_spare_rows_left_blank_add_nothing_and_a_filled_one_adds_a_row(signed_in, seed_filing):
    before = len(rows_of(seed_filing))
    data = flat(page_fields(signed_in, grid_url(seed_filing)))
    spare = int(data["ind-INITIAL_FORMS"])
    assert post(signed_in, seed_filing, {}).status_code == 302
    assert len(rows_of(seed_filing)) == before

    level2 = rows_of(seed_filing)[0].level2_id
    assert post(signed_in, seed_filing, {f"ind-{spare}-level2": str(level2), f"ind-{spare}-name": "新增的指标",
                                         f"ind-{spare}-value_text": "≥3个"}).status_code == 302
    assert [r.name for r in rows_of(seed_filing)][-1] == "新增的指标"


def test_a_stale_page_saved_again_on_purpose_puts_back_what_it_showed(signed_in, seed_filing, clerk_a):
    # Tab A opens the grid; tab B renames the first row and saves; tab A changes the second row.
    tab_a = as_browser_posts(flat(page_fields(signed_in, grid_url(seed_filing))))
    original = rows_of(seed_filing)[0].name
    assert post(signed_in, seed_filing, {"ind-0-name": "乙窗口改的"}).status_code == 302
    response = signed_in.post(grid_url(seed_filing), {**tab_a, "ind-1-remark": "甲窗口改的", "action": "save"})
    assert STALE_MESSAGE in response.content.decode()
    assert rows_of(seed_filing)[0].name == "乙窗口改的"
    # Saving again from tab A is the deliberate overwrite the message offers: its whole page wins.
    current = str(Filing.objects.get(pk=seed_filing.pk).revision)
    response = signed_in.post(grid_url(seed_filing), {**tab_a, "ind-1-remark": "甲窗口改的", "action": "save",
                                                       "revision": current})
    assert response.status_code == 302
    assert [r.name for r in rows_of(seed_filing)][0] == original
    assert rows_of(seed_filing)[1].remark == "甲窗口改的"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_grid_at_the_same_moment_exactly_one_wins(clerk_a, seed_filing):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks between two connections")
    clients = [Client(), Client()]
    pages = []
    for i, c in enumerate(clients):
        c.force_login(clerk_a)
        data = as_browser_posts(flat(page_fields(c, grid_url(seed_filing))))
        data.update({"ind-0-remark": f"第{i}个窗口", "action": "save"})
        pages.append(data)
    responses = at_once(*(lambda page=page, c=c: c.post(grid_url(seed_filing), page)
                          for c, page in zip(clients, pages, strict=True)))
    results = [(r.status_code, r.content.decode()) for r in responses]

    assert sorted(status for status, _ in results) == [200, 302]
    loser = next(html for status, html in results if status == 200)
    assert STALE_MESSAGE in loser and "第" in loser
    winner = next(i for i, (status, _) in enumerate(results) if status == 302)
    assert rows_of(seed_filing)[0].remark == f"第{winner}个窗口"
    assert AuditEntry.objects.filter(action="filing.saved").count() == 1
