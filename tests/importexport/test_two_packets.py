"""A unit has one 部门整体 form a year and 版本: a workbook holding two (different 表号) is refused before
anything is written, naming the rows, instead of failing on the database constraint with a message
that blames someone else's edits."""

from budgets.importexport.export import table_rows, write_workbook
from budgets.importexport.format import SHEETS
from budgets.importexport.service import run_import
from budgets.models import Filing

from .helpers import empty_database, header_index


def _with_second_packet(rows, form_no=1):
    """Every row of the filing repeated as a second 部门整体 form of the same unit, year and 版本."""
    for sheet in SHEETS:
        if "表号" not in [c.header for c in SHEETS[sheet]]:
            continue
        column = header_index(sheet, "表号")
        for row in list(rows[sheet]):
            if "部门编码" in [c.header for c in SHEETS[sheet]]:
                copy = list(row)
                copy[column] = form_no
                rows[sheet].append(copy)
    return rows


def _messages(result):
    return " ".join(str(p) for p in result.problems)


def test_a_workbook_with_two_overall_forms_of_one_unit_year_and_version_is_refused_naming_both_rows(seed_filing):
    rows = _with_second_packet(table_rows([seed_filing]))
    empty_database()

    result = run_import([("两份整体.xlsx", write_workbook(rows))], dry_run=False)

    text = _messages(result)
    assert not result.written and not Filing.objects.exists()
    assert "「填报」表 第3行" in text
    assert "与第2行是同一单位、同一年度、同一版本的两份部门整体支出绩效目标申报" in text
    assert "被其他操作修改" not in text


def test_an_overall_form_under_another_form_number_than_the_stored_one_is_refused(seed_filing):
    rows = table_rows([seed_filing])
    for sheet in SHEETS:
        if "表号" in [c.header for c in SHEETS[sheet]]:
            for row in rows[sheet]:
                row[header_index(sheet, "表号")] = 5

    result = run_import([("表号5.xlsx", write_workbook(rows))], dry_run=False)

    text = _messages(result)
    assert not result.written and Filing.objects.count() == 1
    assert "「填报」表 第2行" in text and "系统中已有这个单位2021年第1版的部门整体支出绩效目标申报（表号0）" in text
    assert "被其他操作修改" not in text

