"""The format grows without breaking the workbooks people already have, and holds what forms print."""

import io

import openpyxl

from budgets.importexport.export import export_filings
from budgets.importexport.format import EXTRA_FIELDS, FILINGS, INDICATORS, KEYED_SHEETS, SHEETS, SHEETS_SINCE
from budgets.importexport.service import run_import
from budgets.models import Filing, FormField, ProjectForm
from budgets.text import filing_as_text
from indicators.models import FormLayout

from .helpers import cell_values, empty_database


def _without(data, columns, sheets):
    """The workbook as an older version of the format wrote it: those columns and sheets absent."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for title in sheets:
        del wb[title]
    for title, header in columns:
        ws = wb[title]
        at = [c.value for c in ws[1]].index(header) + 1
        ws.delete_cols(at)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_workbook_from_before_layouts_still_imports_unchanged(seed_filing):
    current = export_filings([seed_filing], fmt="xlsx")
    kept = [s for s in KEYED_SHEETS if s not in SHEETS_SINCE]
    older = _without(current, [(FILINGS, "表样"), (INDICATORS, "指标值类型"), (INDICATORS, "指标方向"),
                               *[(sheet, "表号") for sheet in kept]],
                     [EXTRA_FIELDS, "项目表", "项目资金", "成本测算", "实施进度"])
    empty_database()

    result = run_import([("2021.xlsx", older)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    assert cell_values(export_filings([Filing.objects.get()], fmt="xlsx")) == cell_values(current)


def test_a_missing_column_that_was_always_there_is_still_refused(seed_filing):
    current = export_filings([seed_filing], fmt="xlsx")
    broken = _without(current, [(INDICATORS, "三级指标")], [])

    result = run_import([("2021.xlsx", broken)], dry_run=True)

    assert not result.ok
    assert any("缺少列：「三级指标」" in str(p) for p in result.problems)


def test_other_fields_keep_label_and_text_and_print_in_their_place(seed_filing):
    FormField.objects.bulk_create([
        FormField(filing=seed_filing, order=1, place="title", label="单位：", text="万元"),
        FormField(filing=seed_filing, order=2, place="header", label="归口科室", text="(08)经济贸易科"),
        FormField(filing=seed_filing, order=3, place="footer", label="财政部门审核意见", text=""),
    ])
    data = export_filings([seed_filing], fmt="xlsx")
    rows = cell_values(data)[EXTRA_FIELDS]
    assert rows[0] == tuple(c.header for c in SHEETS[EXTRA_FIELDS])
    assert rows[1:] == [("jinglong", 2021, 1, 1, "标题下", "单位：", "万元", 0),
                        ("jinglong", 2021, 1, 2, "表头", "归口科室", "(08)经济贸易科", 0),
                        ("jinglong", 2021, 1, 3, "表尾", "财政部门审核意见", None, 0)]
    empty_database()

    result = run_import([("2021.xlsx", data)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    filing = Filing.objects.get()
    assert [(f.place, f.label, f.text) for f in filing.form_fields.order_by("order")] == [
        ("title", "单位：", "万元"), ("header", "归口科室", "(08)经济贸易科"), ("footer", "财政部门审核意见", "")]
    text = filing_as_text(filing)
    assert "  归口科室：(08)经济贸易科" in text
    assert text.index("归口科室") < text.index("部门职责概述") < text.index("财政部门审核意见")
    again = run_import([("2021.xlsx", data)], dry_run=False)
    assert again.counts[EXTRA_FIELDS] == {"new": 0, "updated": 0, "unchanged": 3, "deleted": 0, "errors": 0}


def test_a_packet_and_a_project_form_of_one_unit_and_year_travel_together(seed_filing):
    project = Filing.objects.create(
        department=seed_filing.department, year=2021, form_no=1, kind=Filing.Kind.PROJECT,
        layout=FormLayout.objects.get(code="hunan-project"), framework=seed_filing.framework,
        department_name=seed_filing.department_name, origin=Filing.Origin.IMPORTED)
    ProjectForm.objects.create(filing=project, name="老旧小区改造", amount_text="968.1918万元")
    first = export_filings([seed_filing, project], fmt="xlsx")
    empty_database()

    result = run_import([("2021.xlsx", first)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    assert sorted(Filing.objects.values_list("form_no", "kind")) == [(0, "overall"), (1, "project")]
    again = Filing.objects.order_by("form_no")
    assert again[1].project_form.name == "老旧小区改造"
    assert cell_values(export_filings(list(again), fmt="xlsx")) == cell_values(first)
