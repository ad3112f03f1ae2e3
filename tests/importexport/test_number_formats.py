"""A number cell prints with the decimals its Excel number format shows: 1234.567 shown as `0.0000`
is the 1234.5670 the user filled in, in show_filing and in the export."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from budgets.importexport.export import export_filings
from budgets.importexport.format import DEPARTMENTS, INDICATORS, KEY_TASKS, LINES, OVERALL, SHEETS
from budgets.importexport.service import run_import
from budgets.models import Department, Filing, Indicator

from .helpers import cell_values, header_index, seed_rows, with_number_formats, workbook_bytes

TOTAL = "资金总额"


def show(filing):
    out = StringIO()
    call_command("show_filing", filing.department.code, str(filing.year), stdout=out)
    return out.getvalue()


def seed_workbook(seed_filing, edits):
    """The seed as a workbook with some cells given a number and a number format, its filing deleted
    so that the import writes it anew."""
    data = with_number_formats(workbook_bytes(seed_rows(seed_filing)), edits)
    Filing.objects.all().delete()
    return data


def import_ok(data):
    result = run_import([("formatted.xlsx", data)], dry_run=False)
    assert result.ok, [str(p) for p in result.problems]
    return result


def exported(filing, sheet, header, row=0):
    return cell_values(export_filings([filing]))[sheet][row + 1][header_index(sheet, header)]


def test_a_total_of_1234_567_formatted_0_0000_prints_1234_5670_in_show_filing_and_the_export(seed_filing):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (1234.567, "0.0000")}}))
    filing = Filing.objects.get()

    assert "资金总额：1234.5670 万元" in show(filing)
    assert exported(filing, OVERALL, TOTAL) == "1234.5670"


@pytest.mark.parametrize(("number_format", "number", "printed"), [
    ("0.0000", 1234.567, "1234.5670"),
    ("0.00", 1234.5, "1234.50"),  # built-in format 2
    ("#,##0.00", 1234.5, "1234.50"),  # built-in format 4
    ("0.00_ ", 1234.5, "1234.50"),
    ("0.000;[Red]-0.000", 1234.5, "1234.500"),
    ('#,##0.00"万元"', 1234.5, "1234.50"),
    ("[$-804]#,##0.000", 1234.5, "1234.500"),
    ('_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', 1234.5, "1234.50"),  # 会计专用
    ("0.0#", 1234, "1234.0"),  # at least one decimal
])
def test_a_number_format_with_fixed_decimals_prints_them(seed_filing, number_format, number, printed):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (number, number_format)}}))
    filing = Filing.objects.get()

    assert f"资金总额：{printed} 万元" in show(filing)
    assert exported(filing, OVERALL, TOTAL) == printed


def test_built_in_formats_are_read_by_their_id(seed_filing):
    data = seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (1234.5, "0.00"), (0, "基本支出"): (462.2, "#,##0.00")}})
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    assert 'numFmtId="2"' in styles and 'numFmtId="4"' in styles
    assert 'formatCode="0.00"' not in styles and 'formatCode="#,##0.00"' not in styles

    import_ok(data)

    text = show(Filing.objects.get())
    assert "资金总额：1234.50 万元" in text
    assert "基本支出 462.20" in text


@pytest.mark.parametrize(("number_format", "number", "printed"), [
    ("General", 1234.567, "1234.567"),
    ("0", 1234, "1234"),
    ("0.00%", 0.5, "0.5"),  # shown as 50.00%: the amount is still the number
    ("0.00E+00", 1234.5, "1234.5"),
    ("#,##0.00,", 1234567, "1234567"),  # shown in thousands as 1,234.57
    ("[>=1000]0.00;0.0", 1234.5, "1234.5"),  # conditional sections are not guessed at
    ("# ?/?", 1234.5, "1234.5"),
    ("@", 1234.5, "1234.5"),
])
def test_formats_without_fixed_decimals_import_the_number_as_stored(seed_filing, number_format, number, printed):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (number, number_format)}}))

    assert f"资金总额：{printed} 万元" in show(Filing.objects.get())


def test_a_number_with_more_decimals_than_its_format_shows_keeps_them(seed_filing):
    # Excel shows 1234.57 but sums 1234.5678: the amount is never rounded to what the cell shows.
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (1234.5678, "0.00")}}))

    assert "资金总额：1234.5678 万元" in show(Filing.objects.get())


def test_zero_prints_as_its_format_shows_it(seed_filing):
    import_ok(seed_workbook(seed_filing, {OVERALL: {
        (0, TOTAL): (0, "0.00"), (0, "基本支出"): (0, '0.00;-0.00;"-"')}}))

    text = show(Filing.objects.get())
    assert "资金总额：0.00 万元" in text
    assert "基本支出 0；" in text  # its zero section shows 「-」, no decimals


def test_zeros_are_not_added_past_excels_fifteen_significant_digits(seed_filing):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (123456789012.346, "0.0000")}}))

    assert "资金总额：123456789012.346 万元" in show(Filing.objects.get())


def test_more_decimals_shown_than_an_amount_keeps_print_as_the_six_it_keeps_and_import_again_unchanged(seed_filing):
    data = seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (1.5, "0.00000000")}})
    import_ok(data)

    assert "资金总额：1.500000 万元" in show(Filing.objects.get())
    assert run_import([("again.xlsx", data)], dry_run=True).counts[OVERALL]["unchanged"] == 1


def test_every_money_column_follows_its_number_format(seed_filing):
    funding = next(c.header for c in SHEETS[LINES] if c.field == "funding_general")
    import_ok(seed_workbook(seed_filing, {
        OVERALL: {(0, "一般公共预算拨款"): (1482.9, "0.000"), (0, "基本支出"): (462.21, "#,##0.0000")},
        KEY_TASKS: {(0, "预算金额"): (8.5, "0.00")},
        LINES: {(0, "金额"): (669.9, "0.00"), (0, "项目金额"): (669.9, "0.000"), (0, funding): (669.9, "0.0000")},
    }))
    filing = Filing.objects.get()

    text = show(filing)
    assert "一般公共预算拨款 1482.900；" in text
    assert "基本支出 462.2100；" in text
    assert "| 预算金额 8.50" in text
    assert "| 环卫作业服务费 | 669.90 |" in text
    assert "项目金额：669.900" in text
    assert exported(filing, OVERALL, "一般公共预算拨款") == "1482.900"
    assert exported(filing, KEY_TASKS, "预算金额") == "8.50"
    assert exported(filing, LINES, "金额") == "669.90"
    assert exported(filing, LINES, "项目金额") == "669.900"
    assert exported(filing, LINES, funding) == "669.9000"


def test_a_text_cell_keeps_its_text_whatever_its_format(seed_filing):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): ("1234.5", "0.0000")}}))

    assert "资金总额：1234.5 万元" in show(Filing.objects.get())


def test_importing_the_amount_again_with_its_decimals_shown_updates_it(seed_filing):
    import_ok(seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (1234.567, "General")}}))
    assert "资金总额：1234.567 万元" in show(Filing.objects.get())
    formatted = with_number_formats(workbook_bytes(seed_rows(Filing.objects.get())),
                                    {OVERALL: {(0, TOTAL): (1234.567, "0.0000")}})

    result = import_ok(formatted)

    assert result.counts[OVERALL]["updated"] == 1
    assert "资金总额：1234.5670 万元" in show(Filing.objects.get())
    assert run_import([("again.xlsx", formatted)], dry_run=True).counts[OVERALL]["unchanged"] == 1


def test_codes_years_orders_and_yes_no_cells_formatted_with_decimals_read_as_typed(seed_filing):
    years = {sheet: {(0, "预算年度"): (2021, "0.00")} for sheet in (OVERALL, KEY_TASKS, LINES, INDICATORS)}
    import_ok(seed_workbook(seed_filing, years | {DEPARTMENTS: {
        (0, "区划代码"): (430204, "0.00"), (0, "排序"): (2, "0.00"), (0, "启用"): (1, "0.00")}}))

    department = Department.objects.get(code="jinglong")
    assert (department.district.code, department.order, department.is_active) == ("430204", 2, True)
    assert Filing.objects.get().year == 2021


def test_a_weight_formatted_with_more_decimals_than_it_keeps_still_imports(seed_filing):
    import_ok(seed_workbook(seed_filing, {INDICATORS: {(0, "权重/分值"): (5, "0.0000")}}))

    assert Indicator.objects.filter(weight=5).count() == 1


def test_a_negative_amount_is_refused_quoting_it_as_excel_shows_it(seed_filing):
    data = seed_workbook(seed_filing, {OVERALL: {(0, TOTAL): (-1.5, "0.0;-0.000")}})

    result = run_import([("negative.xlsx", data)], dry_run=True)

    assert not result.ok
    assert any("金额不能为负数（-1.500）" in str(p) for p in result.problems)
