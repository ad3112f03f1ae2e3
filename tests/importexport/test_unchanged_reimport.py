"""The same file imported again onto unchanged data is answered 无变化 at once, without reading the file
(snapshot.py); after any change to what the import reads, it is read and compared in full again."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.importexport import service, snapshot
from budgets.importexport.export import table_rows, write_workbook
from budgets.importexport.service import run_import
from budgets.models import AuditEntry, Department, Filing, ImportBatch, Indicator
from tests.projects.conftest import project_filing  # noqa: F401 - the fixture, by usefixtures below

from .helpers import empty_database


def _imported(*filings):
    """The filings exported, the database emptied and the file imported as the command does: the file."""
    data = write_workbook(table_rows(list(filings) or list(Filing.objects.order_by("pk"))))
    empty_database()
    assert run_import([("历年.xlsx", data)], dry_run=False, record=True).written
    return data


def _state():
    return {
        "filings": list(Filing.objects.order_by("pk").values_list("pk", "revision", "updated_at")),
        "indicators": list(Indicator.objects.order_by("pk").values_list("pk", "name", "value_text")),
        "audit": AuditEntry.objects.count(),
    }


def _read_in_full(monkeypatch):
    monkeypatch.setattr(snapshot, "find", lambda files_key, allowed: None)


def _never_read(monkeypatch):
    def read_files(files, progress=None):
        raise AssertionError("the file was read")

    monkeypatch.setattr(service, "read_files", read_files)


@pytest.mark.usefixtures("seed_filing", "project_filing")
def test_the_same_file_again_is_no_change_answered_without_reading_it(monkeypatch):
    data = _imported()
    before = _state()
    with monkeypatch.context() as m:
        _read_in_full(m)
        full = run_import([("历年.xlsx", data)], dry_run=True)
    _never_read(monkeypatch)

    again = run_import([("历年.xlsx", data)], dry_run=False, record=True)

    assert again.written and again.ok and again.fast
    assert again.outcome_line() == "新增 0 份申报，更新 0 份，无变化 2 份"
    assert again.counts == full.counts and again.filing_outcomes == full.filing_outcomes
    assert all(c["new"] == c["updated"] == c["deleted"] == 0 for c in again.counts.values())
    assert _state() == before


def _edit_an_indicator():
    indicator = Indicator.objects.order_by("pk").first()
    indicator.name = "在线改过的指标"
    indicator.save(update_fields=["name"])


def _delete_the_project_filing():
    Filing.objects.get(kind=Filing.Kind.PROJECT).delete()


def _rename_the_department():
    Department.objects.filter(code="jinglong").update(name="改过名的街道")


@pytest.mark.parametrize("change, outcome", [
    (_edit_an_indicator, "新增 0 份申报，更新 1 份，无变化 1 份"),
    (_delete_the_project_filing, "新增 1 份申报，更新 0 份，无变化 1 份"),
    (_rename_the_department, "新增 0 份申报，更新 0 份，无变化 2 份"),
])
@pytest.mark.usefixtures("seed_filing", "project_filing")
def test_after_a_change_since_the_same_file_is_read_and_compared_again(change, outcome):
    data = _imported()
    change()

    again = run_import([("历年.xlsx", data)], dry_run=False, record=True)

    assert again.written and not again.fast
    assert again.outcome_line() == outcome
    assert not Indicator.objects.filter(name="在线改过的指标").exists()
    assert Department.objects.get(code="jinglong").name != "改过名的街道"
    # And now that the file's content is back, the next import of it is the quick no-op again.
    assert run_import([("历年.xlsx", data)], dry_run=True).fast


def test_a_district_admin_of_another_district_is_refused_as_before(seed_filing, other_district):
    data = _imported(seed_filing)

    result = run_import([("历年.xlsx", data)], dry_run=True, allowed_district_ids={other_district.pk})

    assert not result.fast and not result.ok
    assert "不属于您管理的区" in " ".join(str(p) for p in result.problems)


def test_the_command_says_no_change_for_a_file_it_imported_before(seed_filing, tmp_path, monkeypatch):
    path = tmp_path / "历年.xlsx"
    path.write_bytes(write_workbook(table_rows([seed_filing])))
    empty_database()
    call_command("import_prior_years", str(path), verbosity=0, stdout=io.StringIO())
    _never_read(monkeypatch)
    out = io.StringIO()

    call_command("import_prior_years", str(path), verbosity=0, stdout=out)

    assert "导入完成：新增 0 份申报，更新 0 份，无变化 1 份" in out.getvalue()
    assert ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).count() == 2


def test_the_admin_upload_of_a_file_imported_before_previews_and_confirms_as_no_change(client, admin_user,
                                                                                      seed_filing, monkeypatch):
    data = write_workbook(table_rows([seed_filing]))
    Filing.objects.all().delete()  # imported back as a 历史导入 filing
    client.force_login(admin_user)

    def upload_and_confirm():
        upload = io.BytesIO(data)
        upload.name = "历年.xlsx"
        preview = client.post(reverse("admin:budgets_filing_import"), {"file": upload}, follow=True)
        batch = ImportBatch.objects.order_by("-pk").first()
        confirmed = client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]),
                                {"sha256": batch.sha256}, follow=True)
        return preview.content.decode(), confirmed.content.decode()

    upload_and_confirm()
    before = _state()
    _never_read(monkeypatch)
    preview, confirmed = upload_and_confirm()

    assert "无变化" in preview
    assert "导入完成：新增 0 份申报，更新 0 份，无变化 1 份" in confirmed
    assert _state() == before
