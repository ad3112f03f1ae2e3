"""Uploads hold whole districts' budgets: refused ones keep no file, the rest are emptied after N days."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgets.importexport.export import export_filings
from budgets.models import Filing, ImportBatch
from budgets.services.packets import create_filing_from_packet

from .test_admin import IMPORT, _upload

ATT1 = "附件1 资金与职责"


def preview_url(batch):
    return reverse("admin:budgets_filing_import_preview", args=[batch.pk])


def confirm(client, batch):
    return client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256},
                       follow=True)


@pytest.fixture
def exported_seed(seed_filing):
    data = export_filings([seed_filing])
    Filing.objects.all().delete()
    return data


@pytest.fixture
def bad_file(exported_seed):
    """The seed with 基本支出 typed as 「四百」."""
    wb = openpyxl.load_workbook(io.BytesIO(exported_seed))
    ws = wb[ATT1]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("基本支出") + 1, value="四百")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def age(batch, days):
    ImportBatch.objects.filter(pk=batch.pk).update(created=timezone.now() - datetime.timedelta(days=days))


def test_a_preview_with_errors_keeps_no_file_but_its_record(admin_client, bad_file):
    page = admin_client.get(_upload(admin_client, bad_file, "prior-2021.xlsx").url).content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert bytes(batch.content) == b""
    assert batch.filename == "prior-2021.xlsx" and batch.size == len(bad_file) and len(batch.sha256) == 64
    assert batch.summary["problem_count"] == 1
    assert "有错误的文件不在系统中保存" in page


def test_the_failed_rows_download_works_without_the_file(admin_client, bad_file):
    _upload(admin_client, bad_file)
    batch = ImportBatch.objects.get()
    response = admin_client.get(reverse("admin:budgets_filing_import_failed", args=[batch.pk]))
    failed = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in failed[ATT1][1]]
    row = dict(zip(headers, [c.value for c in failed[ATT1][2]], strict=True))
    assert row["基本支出"] == "四百"
    assert "「基本支出」列：「四百」不是数字" in row["错误说明"]
    # The other cells come back as the same kind of cell: numbers stay numbers, so the row re-imports.
    assert row["预算年度"] == 2021 and row["资金总额"] == pytest.approx(1482.9)


def test_an_unreadable_file_keeps_no_content(admin_client, frameworks):
    page = admin_client.get(_upload(admin_client, b"\x00\x01garbage").url).content.decode()
    batch = ImportBatch.objects.get()
    assert "不是有效的 xlsx 工作簿" in page
    assert batch.status == ImportBatch.Status.FAILED and bytes(batch.content) == b""
    assert batch.size == 9


def test_an_import_refused_at_confirm_keeps_no_file(admin_client, exported_seed, seed_packet, jinglong):
    _upload(admin_client, exported_seed)
    batch = ImportBatch.objects.get()
    assert batch.has_content
    # Between preview and confirm the same filing is started online, and filled in otherwise than the
    # file says: an import may not change it.
    online = create_filing_from_packet(seed_packet, department=jinglong)
    online.key_tasks.filter(order=1).update(item="在线改过")
    page = confirm(admin_client, batch).content.decode()
    batch.refresh_from_db()
    assert "导入未完成，没有写入任何数据" in page and "是在线填报的申报，文件中的「重点工作」与系统中的不同" in page
    assert batch.status == ImportBatch.Status.FAILED and bytes(batch.content) == b""
    assert not Filing.objects.filter(origin=Filing.Origin.IMPORTED).exists()


def test_a_clean_preview_keeps_its_file_until_confirmed(admin_client, exported_seed):
    _upload(admin_client, exported_seed)
    batch = ImportBatch.objects.get()
    assert bytes(batch.content) == exported_seed
    confirm(admin_client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and bytes(batch.content) == exported_seed


def test_purge_empties_old_confirmed_and_abandoned_uploads_and_says_so_in_chinese(
        admin_client, exported_seed, capsys, settings):
    settings.IMPORT_UPLOAD_RETENTION_DAYS = 30
    _upload(admin_client, exported_seed, "confirmed.xlsx")
    _upload(admin_client, exported_seed, "abandoned.xlsx")
    _upload(admin_client, exported_seed, "recent.xlsx")
    confirmed, abandoned, recent = (ImportBatch.objects.get(filename=n) for n in
                                    ("confirmed.xlsx", "abandoned.xlsx", "recent.xlsx"))
    confirm(admin_client, confirmed)
    age(confirmed, 31)
    age(abandoned, 45)
    age(recent, 29)

    call_command("purge_import_uploads")

    out = capsys.readouterr().out
    assert "已清除" in out and "2 个导入文件的内容（保留 30 天）" in out
    assert "已导入 1 个，未确认的预览 1 个" in out
    for batch in (confirmed, abandoned, recent):
        batch.refresh_from_db()
    assert bytes(confirmed.content) == b"" and bytes(abandoned.content) == b""
    assert bytes(recent.content) == exported_seed
    # The record stays.
    assert confirmed.filename == "confirmed.xlsx" and confirmed.status == ImportBatch.Status.IMPORTED
    assert confirmed.summary["new_filings"] == 1


def test_an_abandoned_preview_cannot_be_confirmed_once_purged(admin_client, exported_seed):
    _upload(admin_client, exported_seed)
    batch = ImportBatch.objects.get()
    age(batch, 40)
    call_command("purge_import_uploads", "--days", "30")

    page = admin_client.get(preview_url(batch)).content.decode()
    assert "已超过保留期限" in page and 'value="确认导入"' not in page
    response = confirm(admin_client, batch)
    assert "上传的文件已从系统中清除，不能再确认导入；请重新上传。" in response.content.decode()
    assert not Filing.objects.exists()


def test_purge_also_drops_the_failed_rows_of_old_refused_uploads(admin_client, bad_file, capsys):
    _upload(admin_client, bad_file)
    batch = ImportBatch.objects.get()
    age(batch, 40)
    call_command("purge_import_uploads", "--days", "30")
    assert "另清除 1 个有错误的导入批次保存的出错行" in capsys.readouterr().out

    page = admin_client.get(preview_url(batch)).content.decode()
    assert "「四百」不是数字" in page  # the error list stays
    assert "下载出错的行" not in page
    assert admin_client.get(reverse("admin:budgets_filing_import_failed", args=[batch.pk])).status_code == 404


def test_the_days_default_to_the_setting(admin_client, exported_seed, settings, capsys):
    settings.IMPORT_UPLOAD_RETENTION_DAYS = 7
    _upload(admin_client, exported_seed)
    batch = ImportBatch.objects.get()
    age(batch, 8)
    call_command("purge_import_uploads")
    batch.refresh_from_db()
    assert bytes(batch.content) == b""
    assert "保留 7 天" in capsys.readouterr().out


def test_nothing_to_purge_is_said_plainly(db, capsys):
    call_command("purge_import_uploads", "--days", "30")
    assert "没有需要清除的上传文件" in capsys.readouterr().out


def test_the_retention_comes_from_the_environment(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.setenv("IMPORT_UPLOAD_RETENTION_DAYS", "90")
    try:
        assert importlib.reload(config.settings).IMPORT_UPLOAD_RETENTION_DAYS == 90
    finally:
        monkeypatch.delenv("IMPORT_UPLOAD_RETENTION_DAYS")
        assert importlib.reload(config.settings).IMPORT_UPLOAD_RETENTION_DAYS == 30


def test_the_upload_page_still_opens(admin_client, frameworks):
    assert "上传并预览" in admin_client.get(IMPORT).content.decode()
