"""绩效指标 is read, checked and written a batch at a time: the result does not depend on where the
batches break, and a file full of errors is counted whole but keeps only the first problems."""

import pytest

from budgets.importexport import parse
from budgets.importexport.export import export_filings, table_rows, write_workbook
from budgets.importexport.format import INDICATORS
from budgets.importexport.service import run_import
from budgets.models import Filing

from .helpers import empty_database, header_index


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(parse, "STREAM_BATCH", 5)


def _indicators(filing):
    return sorted((line or 0, period, order, name, value) for line, period, order, name, value in
                  filing.indicators.values_list("sheet__sub_item__order", "period", "order", "name", "value_text"))


def test_indicators_import_alike_in_batches_of_five(seed_filing, small_batches):
    data = export_filings([seed_filing])
    stored = _indicators(seed_filing)
    empty_database()

    first = run_import([("seed.xlsx", data)], dry_run=False)
    again = run_import([("seed.xlsx", data)], dry_run=False)

    assert first.ok and first.counts[INDICATORS]["new"] == 56
    filing = Filing.objects.get()
    assert _indicators(filing) == stored
    assert again.counts[INDICATORS] == {"new": 0, "updated": 0, "unchanged": 56, "deleted": 0, "errors": 0}


def test_a_duplicate_in_a_later_batch_and_a_row_gone_are_found(seed_filing, small_batches):
    data = export_filings([seed_filing])
    empty_database()
    run_import([("seed.xlsx", data)], dry_run=False)
    rows = table_rows([Filing.objects.get()])
    gone = rows[INDICATORS].pop(3)
    rows[INDICATORS].append(list(rows[INDICATORS][0]))  # row 1 again, some batches later

    result = run_import([("x.xlsx", write_workbook(rows))], dry_run=False)

    last = len(rows[INDICATORS]) + 1
    assert [str(p) for p in result.problems] == [f"「绩效指标」表 第{last}行 「行号」列：行号在同一张表、同一期间中重复"]
    assert result.counts[INDICATORS] == {"new": 0, "updated": 0, "unchanged": 55, "deleted": 1, "errors": 1}
    assert Filing.objects.get().indicators.filter(name=gone[header_index(INDICATORS, "三级指标")]).exists()


def test_a_file_full_of_errors_is_counted_whole_and_keeps_the_first_problems(seed_filing):
    rows = table_rows([seed_filing])
    row = rows[INDICATORS][0]
    rows[INDICATORS] = [list(row) for _ in range(parse.MAX_PROBLEMS_KEPT + 200)]
    for r in rows[INDICATORS]:
        r[header_index(INDICATORS, "行号")] = "第一"
    empty_database()  # a new filing: the only problems are the rows'

    result = run_import([("bad.xlsx", write_workbook(rows))])

    assert result.problem_total == parse.MAX_PROBLEMS_KEPT + 200
    assert len(result.problems) == len(result.failed_rows) == parse.MAX_PROBLEMS_KEPT
    assert result.counts[INDICATORS]["errors"] == parse.MAX_PROBLEMS_KEPT + 200
    assert result.as_dict()["problem_count"] == parse.MAX_PROBLEMS_KEPT + 200
    assert str(result.problems[0]) == "「绩效指标」表 第2行 「行号」列：「第一」不是数字"


def test_a_file_whose_other_sheets_hold_too_many_rows_is_refused_whole(seed_filing, monkeypatch):
    # The held sheets are kept in memory while the import runs; their rows are bounded (real files
    # have about 25 a filing), so that no accepted file can take the server's memory.
    monkeypatch.setattr(parse, "MAX_HELD_ROWS", 10)
    data = export_filings([seed_filing])
    empty_database()

    result = run_import([("big.xlsx", data)], dry_run=False)

    assert [str(p) for p in result.problems] == [
        "big.xlsx：除「绩效指标」表外，各表合计超过10行，请分成几个文件导入（例如每个文件一个年度）"]
    assert not Filing.objects.exists()
