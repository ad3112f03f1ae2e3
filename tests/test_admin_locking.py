"""Two people saving the same filing: the later save from a stale page is refused, nothing is lost."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from budgets.locking import STALE_MESSAGE
from budgets.models import Filing, KeyTask

from .admin_forms import admin_form_data
from .concurrency import at_once


def _open(client, filing):
    url = reverse("admin:budgets_filing_change", args=[filing.pk])
    return url, admin_form_data(client.get(url))


def test_a_save_from_a_page_opened_before_another_save_is_refused(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, first = _open(client, seed_filing)
    _, second = _open(client, seed_filing)

    first["duties"] = "第一位管理员的修改"
    assert client.post(url, first).status_code == 302

    second["overall_goal"] = "第二位管理员键入的内容"
    response = client.post(url, second)

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE_MESSAGE in html
    assert "第二位管理员键入的内容" in html  # what they typed is still on the page
    seed_filing.refresh_from_db()
    assert seed_filing.duties == "第一位管理员的修改"
    assert seed_filing.overall_goal != "第二位管理员键入的内容"


def test_saving_again_after_the_conflict_message_is_a_deliberate_overwrite(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, first = _open(client, seed_filing)
    _, second = _open(client, seed_filing)
    first["duties"] = "先保存的"
    client.post(url, first)
    second["overall_goal"] = "确认覆盖"
    refused = client.post(url, second)

    again = admin_form_data(refused)
    assert client.post(url, again).status_code == 302
    seed_filing.refresh_from_db()
    assert seed_filing.overall_goal == "确认覆盖"


def test_saving_a_row_page_makes_an_open_filing_page_stale(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, filing_page = _open(client, seed_filing)
    task = KeyTask.objects.filter(filing=seed_filing).first()
    task_url = reverse("admin:budgets_keytask_change", args=[task.pk])
    task_data = admin_form_data(client.get(task_url))
    task_data["goal"] = "改过的目标"
    assert client.post(task_url, task_data).status_code == 302

    response = client.post(url, filing_page)
    assert STALE_MESSAGE in response.content.decode()


def test_a_page_without_its_revision_token_is_not_saved(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, data = _open(client, seed_filing)
    del data["filing_revision"]
    data["duties"] = "没有版本信息"
    response = client.post(url, data)
    assert "页面缺少版本信息" in response.content.decode()
    seed_filing.refresh_from_db()
    assert seed_filing.duties != "没有版本信息"


def test_every_save_moves_the_revision_on(client, admin_user, seed_filing):
    client.force_login(admin_user)
    before = seed_filing.revision
    url, data = _open(client, seed_filing)
    client.post(url, data)
    seed_filing.refresh_from_db()
    assert seed_filing.revision == before + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_exactly_one_wins(admin_user, seed_filing):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks between two connections")
    clients = [Client(), Client()]
    pages = []
    for i, c in enumerate(clients):
        c.force_login(admin_user)
        url, data = _open(c, seed_filing)
        data["duties"] = f"并发保存{i}"
        pages.append((url, data))
    responses = at_once(*(lambda page=page, c=c: c.post(*page) for c, page in zip(clients, pages, strict=True)))
    results = [(r.status_code, r.content.decode()) for r in responses]

    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 302]
    loser = next(html for status, html in results if status == 200)
    assert STALE_MESSAGE in loser
    winner = next(i for i, (status, _) in enumerate(results) if status == 302)
    assert Filing.objects.get(pk=seed_filing.pk).duties == f"并发保存{winner}"


def test_a_reimport_moves_the_revision_on(admin_user, seed_filing):
    from budgets.importexport.export import export_filings
    from budgets.importexport.service import run_import

    # Imported history is re-imported to correct it; its admin page is view-only, its row pages
    # (here 重点工作) are not the point: the filing's revision is what every page carries.
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    seed_filing.refresh_from_db()
    before = seed_filing.revision
    workbook = export_filings(Filing.objects.filter(pk=seed_filing.pk))
    # The workbook now differs from the database, so the import rewrites the filing.
    Filing.objects.filter(pk=seed_filing.pk).update(duties="导入前的临时内容")
    result = run_import([("2021.xlsx", workbook)], actor=admin_user, dry_run=False)
    assert result.ok, result.problems[:3]
    seed_filing.refresh_from_db()
    assert seed_filing.duties != "导入前的临时内容"
    assert seed_filing.revision == before + 1
