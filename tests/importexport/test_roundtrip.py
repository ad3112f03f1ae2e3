from budgets.importexport.export import export_filings
from budgets.importexport.format import INDICATORS, LINES
from budgets.importexport.service import run_import
from budgets.models import Filing, Indicator

from .helpers import cell_values, empty_database, header_index, seed_rows, workbook_bytes


def _empty_database():
    empty_database()


def test_export_import_export_gives_the_same_cells(seed_filing):
    first = export_filings([seed_filing], fmt="xlsx")
    _empty_database()

    result = run_import([("seed.xlsx", first)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    filing = Filing.objects.get()
    assert filing.origin == Filing.Origin.IMPORTED
    second = export_filings([filing], fmt="xlsx")
    assert cell_values(second) == cell_values(first)


def test_csv_export_imports_back_to_the_same_cells(seed_filing):
    first_xlsx = export_filings([seed_filing], fmt="xlsx")
    csv_zip = export_filings([seed_filing], fmt="csv")
    _empty_database()

    result = run_import([("seed.zip", csv_zip)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    assert cell_values(export_filings([Filing.objects.get()])) == cell_values(first_xlsx)


def test_reimporting_the_same_file_changes_nothing(seed_filing):
    data = export_filings([seed_filing])
    _empty_database()
    run_import([("seed.xlsx", data)], dry_run=False)

    again = run_import([("seed.xlsx", data)], dry_run=False)

    assert again.ok
    # Every row read again and found unchanged (all zeros would also pass if nothing had been read).
    unchanged = {"部门": 1, "填报": 1, "附件1 资金与职责": 1, "重点工作": 5, LINES: 10, INDICATORS: 56,
                 "项目表": 0, "项目资金": 0, "成本测算": 0, "实施进度": 0,  # no project forms in the seed
                 "其他栏目": 0}
    assert again.counts == {sheet: {"new": 0, "updated": 0, "unchanged": n, "deleted": 0, "errors": 0}
                            for sheet, n in unchanged.items()}
    assert again.changed_filings == 0


def test_a_changed_row_is_reported_as_updated(seed_filing):
    data = export_filings([seed_filing])
    _empty_database()
    run_import([("seed.xlsx", data)], dry_run=False)
    filing = Filing.objects.get()
    rows = seed_rows(filing)
    row = rows[INDICATORS][0]
    row[header_index(INDICATORS, "指标值")] = "3万"
    for header in ("指标性质", "指标值（数值）", "计量单位"):  # blank: parsed from 指标值 again
        row[header_index(INDICATORS, header)] = None
    del rows[LINES][-1]

    result = run_import([("changed.xlsx", workbook_bytes(rows))], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    assert result.counts[INDICATORS]["updated"] == 1
    assert result.counts[LINES]["deleted"] == 1
    assert result.changed_filings == 1
    assert Indicator.objects.filter(value_text="3万", value_number=3, unit="万").exists()


def test_formula_like_text_comes_back_unchanged(seed_filing):
    texts = {"item": "=SUM(A1:A9)", "goal": "+86 电话", "responsible": "@城管办"}
    seed_filing.key_tasks.filter(order=1).update(**texts)
    seed_filing.indicators.filter(sheet__isnull=True, order=1).update(name="-负面清单", remark="'=已转义")
    xlsx = export_filings([seed_filing], fmt="xlsx")
    csv_zip = export_filings([seed_filing], fmt="csv")
    for name, data in (("f.xlsx", xlsx), ("f.zip", csv_zip)):
        _empty_database()
        result = run_import([(name, data)], dry_run=False)
        assert result.ok, [str(p) for p in result.problems]
        filing = Filing.objects.get()
        task = filing.key_tasks.get(order=1)
        assert {k: getattr(task, k) for k in texts} == texts
        indicator = filing.indicators.get(sheet__isnull=True, order=1)
        assert (indicator.name, indicator.remark) == ("-负面清单", "'=已转义")


def test_formula_like_text_is_not_a_formula_in_the_exported_files(seed_filing):
    import io
    import zipfile

    import openpyxl

    seed_filing.key_tasks.filter(order=1).update(item="=HYPERLINK(\"http://x\")")
    wb = openpyxl.load_workbook(io.BytesIO(export_filings([seed_filing])))
    cell = next(c for row in wb["重点工作"].iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    assert cell.quotePrefix
    csv_text = zipfile.ZipFile(io.BytesIO(export_filings([seed_filing], fmt="csv"))).read("重点工作.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
