"""The export of a filing imports back: unchanged, it is a no-op; changed, an imported filing is updated
and an online-entered one is refused with the way forward (a new 版本). Command and admin pages alike."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.importexport.export import export_filings, table_rows, write_workbook
from budgets.importexport.format import FILINGS, INDICATORS, KEY_TASKS
from budgets.importexport.service import run_import
from budgets.models import AuditEntry, Filing, ImportBatch

from .helpers import header_index

IMPORT = reverse("admin:budgets_filing_import")
EXPORT = reverse("admin:budgets_filing_export")


def _state(filing):
    """What a no-op import must leave alone: the filing's revision, times and rows, and the audit log."""
    filing.refresh_from_db()
    return {
        "revision": filing.revision,
        "updated_at": filing.updated_at,
        "origin": filing.origin,
        "indicators": list(filing.indicators.order_by("pk").values_list("pk", "name", "value_text")),
        "tasks": list(filing.key_tasks.order_by("pk").values_list("pk", "item", "amount")),
        "audit": AuditEntry.objects.exclude(action="filing.exported").count(),
    }


def _changed_rows(filing):
    rows = table_rows([filing])
    rows[KEY_TASKS][0][header_index(KEY_TASKS, "事项")] = "改过的事项"
    return rows


def _upload(client, data, name="prior.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportBatch.objects.order_by("-pk").first(), client.get(response.url).content.decode()


def _confirm(client, batch):
    return client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256},
                       follow=True)


@pytest.mark.postgres
def test_the_export_of_an_entered_filing_imports_back_as_no_change(seed_filing, tmp_path, capsys):
    out = tmp_path / "2021.xlsx"
    call_command("export_filings", "--year", "2021", "-o", str(out))
    before = _state(seed_filing)

    call_command("import_prior_years", str(out), "--dry-run")
    preview = capsys.readouterr().out
    call_command("import_prior_years", str(out))
    text = capsys.readouterr().out

    assert "2021年 石峰区井龙街道办事处：无变化" in preview
    assert "导入完成：新增 0 份申报，更新 0 份，无变化 1 份" in text
    assert _state(seed_filing) == before


@pytest.mark.postgres
def test_a_changed_reimport_of_an_entered_filing_is_refused_with_the_way_forward(seed_filing, tmp_path):
    out = tmp_path / "changed.xlsx"
    out.write_bytes(write_workbook(_changed_rows(seed_filing)))
    before = _state(seed_filing)

    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_prior_years", str(out))

    result = run_import([("changed.xlsx", out.read_bytes())])
    message = " ".join(str(p) for p in result.problems)
    assert "「填报」表 第2行 「版本」列：" in message
    assert "是在线填报的申报，文件中的「重点工作」与系统中的不同" in message
    assert "请把这份申报在各表中的「版本」改为 2" in message
    assert "或由填报人在系统中修改这份申报" in message
    assert _state(seed_filing) == before


@pytest.mark.postgres
def test_the_way_forward_imports_the_changes_as_a_new_version(seed_filing):
    rows = _changed_rows(seed_filing)
    for sheet, sheet_rows in rows.items():
        if sheet != "部门":
            for row in sheet_rows:
                row[2] = 2  # 版本
    rows[FILINGS][0][header_index(FILINGS, "调整自版本")] = 1

    result = run_import([("v2.xlsx", write_workbook(rows))], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    v2 = Filing.objects.get(version=2)
    assert v2.origin == Filing.Origin.IMPORTED and v2.amended_from == seed_filing
    assert v2.key_tasks.get(order=1).item == "改过的事项"
    assert seed_filing.key_tasks.get(order=1).item != "改过的事项"


@pytest.mark.postgres
def test_an_unchanged_reimport_in_the_admin_previews_no_change_and_confirms_nothing(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = client.post(EXPORT, {"year": 2021, "district": "", "department": "", "format": "xlsx"})
    before = _state(seed_filing)

    batch, page = _upload(client, response.content)

    assert "预览无错误" in page and "确认导入" in page
    assert re.search(r"<td>2021年 石峰区井龙街道办事处</td>\s*<td>无变化</td>", page)
    assert "文件与系统中的数据相同，确认导入不会修改任何数据" in page
    done = _confirm(client, batch).content.decode()
    assert "导入完成：新增 0 份申报，更新 0 份，无变化 1 份。" in done
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert _state(seed_filing) == before


@pytest.mark.postgres
def test_a_changed_reimport_of_an_entered_filing_is_refused_in_the_admin(client, admin_user, seed_filing):
    client.force_login(admin_user)
    before = _state(seed_filing)

    batch, page = _upload(client, write_workbook(_changed_rows(seed_filing)))

    assert batch.status == ImportBatch.Status.FAILED and "确认导入" not in page
    assert "是在线填报的申报，文件中的「重点工作」与系统中的不同" in page
    assert "改为 2" in page
    assert _state(seed_filing) == before


@pytest.mark.postgres
def test_an_imported_filing_changed_in_the_file_is_updated_and_one_unchanged_is_not(seed_filing):
    data = export_filings([seed_filing])
    Filing.objects.all().delete()
    run_import([("seed.xlsx", data)], dry_run=False)
    filing = Filing.objects.get()
    before = _state(filing)

    again = run_import([("seed.xlsx", data)], dry_run=False)
    assert again.ok and again.filing_outcomes == [("2021年 石峰区井龙街道办事处", "unchanged")]
    assert _state(filing) == before

    rows = table_rows([filing])
    rows[INDICATORS][0][header_index(INDICATORS, "三级指标")] = "改过的指标"
    changed = run_import([("changed.xlsx", write_workbook(rows))], dry_run=False)
    assert changed.ok and changed.filing_outcomes == [("2021年 石峰区井龙街道办事处", "updated")]
    filing.refresh_from_db()
    assert filing.revision == before["revision"] + 1
    assert filing.audit_entries.filter(action="filing.reimported").count() == 1


def test_the_export_page_says_what_a_reimport_does(client, admin_user, seed_filing):
    client.force_login(admin_user)
    page = client.get(EXPORT).content.decode()
    assert "可修改后再导入" not in page
    assert "原样再导入不会修改任何数据（预览中每份申报显示「无变化」）" in page
    assert "历史导入的申报按文件更新" in page
    assert "在线填报的申报不能用导入修改" in page and "改为一个新的版本号" in page
