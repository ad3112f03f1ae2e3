"""The preview's counts are honest about rows with errors, and errors name the column that is wrong."""

import pytest

from budgets.importexport.export import table_rows, write_workbook
from budgets.importexport.format import INDICATORS, KEY_TASKS, LINES
from budgets.importexport.service import run_import
from budgets.models import Filing

from .helpers import empty_database, header_index


@pytest.fixture
def imported_rows(seed_filing):
    """The seed imported once (so every row exists as 历史导入), and its rows to re-import."""
    rows = table_rows([seed_filing])
    empty_database()
    result = run_import([("x.xlsx", write_workbook(rows))], dry_run=False)
    assert result.ok
    return table_rows([Filing.objects.get()])


def _set(rows, sheet, index, **by_header):
    for header, value in by_header.items():
        rows[sheet][index][header_index(sheet, header)] = value


def _preview(rows):
    return run_import([("x.xlsx", write_workbook(rows))], dry_run=True)


@pytest.mark.parametrize(("sheet", "change"), [
    (KEY_TASKS, {"预算金额": "abc"}),  # a cell error
    (LINES, {"上级行号": 99}),  # a cross-row error found while planning
    (INDICATORS, {"一级指标": "没有这个一级指标"}),  # an error found while matching the indicator
])
def test_a_row_with_an_error_counts_as_an_error_not_also_as_a_deletion(imported_rows, sheet, change):
    _set(imported_rows, sheet, len(imported_rows[sheet]) - 1, **change)
    result = _preview(imported_rows)
    assert result.counts[sheet]["errors"] == 1
    assert result.counts[sheet]["deleted"] == 0
    assert result.counts[sheet]["unchanged"] == len(imported_rows[sheet]) - 1


def test_a_row_left_out_is_still_counted_as_a_deletion(imported_rows):
    imported_rows[KEY_TASKS].pop()
    assert _preview(imported_rows).counts[KEY_TASKS]["deleted"] == 1


def test_an_unknown_level_1_name_is_reported_under_its_own_column(imported_rows):
    _set(imported_rows, INDICATORS, 0, 一级指标="产出目标")
    problems = _preview(imported_rows).problems
    assert [(p.column, p.message) for p in problems] == [("一级指标", "所选指标体系中没有一级指标「产出目标」")]


def test_an_unknown_level_2_name_is_reported_under_the_level_2_column(imported_rows):
    level1 = imported_rows[INDICATORS][0][header_index(INDICATORS, "一级指标")]
    _set(imported_rows, INDICATORS, 0, 二级指标="没有这个二级指标")
    problems = _preview(imported_rows).problems
    assert [(p.column, p.message) for p in problems] == [
        ("二级指标", f"所选指标体系中一级指标「{level1}」下没有二级指标「没有这个二级指标」")]
