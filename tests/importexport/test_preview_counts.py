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
    (INDICATORS, {"权重/分值": "abc"}),  # a cell error on an indicator row
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


def test_an_unknown_level_1_name_is_not_an_import_error(imported_rows):
    # Tiers are kept as printed: a name the framework does not know imports, validation warns.
    _set(imported_rows, INDICATORS, 0, 一级指标="产出目标")
    result = _preview(imported_rows)
    assert result.problems == []
    assert result.counts[INDICATORS]["updated"] == 1


def test_an_unknown_level_2_name_is_not_an_import_error(imported_rows):
    _set(imported_rows, INDICATORS, 0, 二级指标="没有这个二级指标")
    result = _preview(imported_rows)
    assert result.problems == []
    assert result.counts[INDICATORS]["updated"] == 1
