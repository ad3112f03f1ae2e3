"""Formula cells: imported as their cached result; without one, a row error instead of a silent blank."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from budgets.importexport.cells import escape_csv_text, unescape_csv_text
from budgets.importexport.export import export_filings, failed_rows_workbook, write_workbook
from budgets.importexport.format import KEY_TASKS
from budgets.importexport.service import run_import
from budgets.models import Department, Filing, KeyTask

from .helpers import replace_cell
from .test_bad_files import _minimal_rows

pytestmark = pytest.mark.django_db

# In _minimal_rows' 重点工作 sheet: F2 is 责任单位/科室 (free text), H2 is 预算金额 (12.5).
AMOUNT, RESPONSIBLE = "H2", "F2"


def _with_cell(ref, cell_xml):
    return replace_cell(write_workbook(_minimal_rows()), KEY_TASKS, ref, cell_xml)


def _messages(result):
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("cell", [
    '<c r="H2"><f>SUM(A1:A2)</f></c>',  # no <v> at all
    '<c r="H2"><f>SUM(A1:A2)</f><v /></c>',  # openpyxl's way: an empty <v/>
    '<c r="H2" t="n"><f>SUM(A1:A2)</f><v></v></c>',
])
def test_a_formula_without_a_cached_result_is_a_row_error(frameworks, cell):
    result = run_import([("x.xlsx", _with_cell(AMOUNT, cell))], dry_run=False)
    assert not result.ok
    assert _messages(result) == [
        "「重点工作」表 第2行 「预算金额」列：公式单元格（H2：=SUM(A1:A2)）没有计算结果，"
        "请在 Excel 中打开并保存后再导入，或改为填写数值"]
    assert result.counts[KEY_TASKS]["errors"] == 1
    assert not Filing.objects.exists() and not Department.objects.exists()


def test_a_formula_without_a_result_in_a_free_text_column_is_not_imported_as_its_text(frameworks):
    result = run_import([("x.xlsx", _with_cell(RESPONSIBLE, '<c r="F2"><f>A1&amp;B1</f></c>'))], dry_run=False)
    assert any("「责任单位/科室」列：公式单元格（F2：=A1&B1）没有计算结果" in m for m in _messages(result)), \
        _messages(result)
    assert not KeyTask.objects.exists()


def test_a_shared_formula_without_a_result_is_an_error_too(frameworks):
    data = _with_cell(AMOUNT, '<c r="H2"><f t="shared" si="0"/></c>')
    assert "公式单元格（H2：=）没有计算结果" in " ".join(_messages(run_import([("x.xlsx", data)])))


def test_the_failed_rows_download_shows_the_formula_as_text(frameworks):
    result = run_import([("x.xlsx", _with_cell(AMOUNT, '<c r="H2"><f>SUM(A1:A2)</f></c>'))])
    failed = openpyxl.load_workbook(io.BytesIO(failed_rows_workbook(result.failed_rows, result.problems)))
    row = [c.value for c in failed[KEY_TASKS][2]]
    assert "=SUM(A1:A2)" in row
    assert any("没有计算结果" in str(v) for v in row)


@pytest.mark.parametrize(("ref", "cell", "field", "expected"), [
    (AMOUNT, '<c r="H2"><f>10+2.5</f><v>12.5</v></c>', "amount", Decimal("12.5")),
    (AMOUNT, '<c r="H2" t="str"><f>"12.5"</f><v>12.5</v></c>', "amount", Decimal("12.5")),
    (RESPONSIBLE, '<c r="F2" t="str"><f>"城"&amp;"管办"</f><v>城管办</v></c>', "responsible", "城管办"),
    # A formula that computed an empty text is a blank, as Excel shows it.
    (AMOUNT, '<c r="H2" t="str"><f>IF(1,"","")</f><v></v></c>', "amount", None),
    (RESPONSIBLE, '<c r="F2" t="str"><f>IF(1,"","")</f><v></v></c>', "responsible", ""),
])
def test_formulas_with_a_cached_result_import_that_result(frameworks, ref, cell, field, expected):
    result = run_import([("x.xlsx", _with_cell(ref, cell))], dry_run=False)
    assert result.ok, _messages(result)
    assert getattr(KeyTask.objects.get(), field) == expected


# Text a spreadsheet would run, or split, when opened from CSV: formula characters, also after leading
# whitespace (Excel and LibreOffice skip it), and a leading tab or carriage return.
HOSTILE_TEXT = ["=1+1", "@SUM(A1)", "+86", "-5", "\t=1+1", "\r=1+1", " =HYPERLINK(\"http://x\")", "\u3000@x", "\tplain",
                "'=1+1", "''\t=1", "普通文字", "'不是公式"]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_filing_csv_escapes_formula_like_text_and_reads_it_back_as_typed(frameworks, text):
    run_import([("x.xlsx", write_workbook(_minimal_rows()))], dry_run=False)
    KeyTask.objects.update(responsible=text)  # 责任单位/科室: free text, kept exactly
    data = export_filings(Filing.objects.all(), fmt="csv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        cells = list(csv.reader(io.StringIO(archive.read(f"{KEY_TASKS}.csv").decode("utf-8-sig"), newline="")))
    written = cells[1][5]
    # Formula-like (apostrophes already in front included): one more apostrophe; Excel shows the text.
    formula_like = re.match(r"'*(\s*[=+\-@]|[\t\r])", text)
    assert written == ("'" + text if formula_like else text)
    Filing.objects.all().delete()
    Department.objects.all().delete()
    result = run_import([("x.zip", data)], dry_run=False)
    assert result.ok, _messages(result)
    assert KeyTask.objects.get().responsible == text


@pytest.mark.parametrize("text", HOSTILE_TEXT + ["", "'", "''", "a'=b", "'\t"])
def test_escaping_reads_back_every_text(text):
    assert unescape_csv_text(escape_csv_text(text)) == text
