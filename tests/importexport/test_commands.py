import pytest
from django.core.management import CommandError, call_command

from budgets.importexport.export import export_filings
from budgets.models import Filing

from .helpers import empty_database


def _empty_database():
    empty_database()


def test_export_then_import_prior_years(seed_filing, tmp_path, capsys):
    out = tmp_path / "2021.xlsx"
    call_command("export_filings", "--year", "2021", "--department", "jinglong", "-o", str(out))
    assert out.stat().st_size > 0
    _empty_database()

    call_command("import_prior_years", str(out), "--dry-run")
    assert not Filing.objects.exists()
    assert "填报：新增 1" in capsys.readouterr().out

    call_command("import_prior_years", str(out))
    assert Filing.objects.get().origin == Filing.Origin.IMPORTED
    text = capsys.readouterr().out
    assert "绩效指标：新增" in text and "导入完成：新增 1 份申报" in text

    call_command("import_prior_years", str(out))
    assert "导入完成：新增 0 份申报，更新 0 份" in capsys.readouterr().out


def test_import_prior_years_fails_loudly_and_writes_nothing(tmp_path, frameworks):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_prior_years", str(bad))


def test_export_filings_as_csv_zip(seed_filing, tmp_path):
    out = tmp_path / "2021.zip"
    call_command("export_filings", "--year", "2021", "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"


def test_export_filings_refuses_an_empty_year(seed_filing, tmp_path):
    with pytest.raises(CommandError, match="2019年没有符合条件的申报"):
        call_command("export_filings", "--year", "2019", "-o", str(tmp_path / "x.xlsx"))


def test_exports_are_audited(seed_filing):
    export_filings([seed_filing])
    assert seed_filing.audit_entries.filter(action="filing.exported").exists()


def test_several_exports_import_together(seed_filing, tmp_path, capsys):
    first = tmp_path / "2021.xlsx"
    call_command("export_filings", "--year", "2021", "-o", str(first))
    _empty_database()
    call_command("import_prior_years", str(first))
    second = tmp_path / "2020.xlsx"
    # A second year of the same department: its 部门 row repeats, identically.
    from budgets.importexport.export import table_rows, write_workbook

    rows = table_rows([Filing.objects.get()])
    for sheet, sheet_rows in rows.items():
        if sheet != "部门":
            for r in sheet_rows:
                r[1] = 2020
    second.write_bytes(write_workbook(rows))
    _empty_database()

    call_command("import_prior_years", str(first), str(second))

    assert sorted(Filing.objects.values_list("year", flat=True)) == [2020, 2021]
    assert "部门：新增 1，更新 0，未变 0" in capsys.readouterr().out
