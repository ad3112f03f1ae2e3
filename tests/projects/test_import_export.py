import pytest

from budgets.importexport.export import export_filings
from budgets.importexport.service import run_import
from budgets.models import Filing
from budgets.text import filing_as_text
from tests.importexport.helpers import cell_values, empty_database

pytestmark = pytest.mark.django_db


def test_project_form_exports_and_imports_back_to_the_same_cells_and_text(project_filing):
    before = filing_as_text(project_filing)
    first = export_filings([project_filing], fmt="xlsx")
    empty_database()

    result = run_import([("project.xlsx", first)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    filing = Filing.objects.get()
    assert filing.is_project
    assert filing.project_form.attribute_text == "新增项目□延续项目√"
    assert [r.amount_text for r in filing.project_form.money_rows.all()] == ["", ""]
    # The first export carries the fixture's rows as typed in Python; from the import on, the cells are stable.
    second = export_filings([filing])
    empty_database()
    assert run_import([("again.xlsx", second)], dry_run=False).ok
    assert cell_values(export_filings([Filing.objects.get()])) == cell_values(second)
    assert cell_values(second)["项目资金"] == cell_values(first)["项目资金"]
    assert cell_values(second)["成本测算"] == cell_values(first)["成本测算"]
    # The header line differs only in 来源 (历史导入).
    assert filing_as_text(Filing.objects.get()).splitlines()[1:] == before.splitlines()[1:]


def test_reimporting_a_project_form_changes_nothing(project_filing):
    data = export_filings([project_filing])
    empty_database()
    run_import([("p.xlsx", data)], dry_run=False)

    again = run_import([("p.xlsx", data)], dry_run=True)

    assert again.ok
    assert again.counts["项目表"]["unchanged"] == 1
    assert again.counts["成本测算"]["unchanged"] == 2
    assert again.changed_filings == 0


def test_project_sheets_on_an_overall_filing_are_refused_with_a_message(seed_filing, project_filing):
    from budgets.importexport.export import table_rows, write_workbook

    rows = table_rows([seed_filing])
    for sheet, sheet_rows in rows.items():  # as a second version: the entered seed itself cannot be overwritten
        if sheet != "部门":
            for row in sheet_rows:
                row[2] = 2
    project_rows = table_rows([project_filing])
    seed_key = rows["填报"][0][:3]
    rows["项目表"] = [seed_key + project_rows["项目表"][0][3:]]

    result = run_import([("bad.xlsx", write_workbook(rows))], dry_run=True)

    assert not result.ok
    assert any("不是项目支出表" in str(p) for p in result.problems)


def test_a_project_amount_typed_as_a_number_prints_with_the_decimals_its_format_shows(project_filing):
    from tests.importexport.helpers import with_number_formats

    data = with_number_formats(export_filings([project_filing]), {"项目资金": {(0, "金额"): (900, "#,##0.00")},
                                                                "成本测算": {(1, "金额"): (368.19, "0.000")}})
    empty_database()

    result = run_import([("project.xlsx", data)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    text = filing_as_text(Filing.objects.get())
    assert "    其中：财政拨款 | 区级 | 900.00\n" in text
    assert "    管网改造 | 368.190 | 按预算 | 350\n" in text
