"""Cross-row rules of the format: parents, 附件3 links, duplicates, versions, CSV encodings."""

import io
import zipfile

import pytest

from budgets.importexport.export import table_rows, write_csv_zip, write_workbook
from budgets.importexport.format import FILINGS, INDICATORS, KEY_TASKS, LINES, SHEETS
from budgets.importexport.service import run_import
from budgets.models import Filing

from .helpers import empty_database, header_index


def _seed_rows_in_empty_db(filing):
    rows = table_rows([filing])
    empty_database()
    return rows


def _set(rows, sheet, index, **by_header):
    for header, value in by_header.items():
        rows[sheet][index][header_index(sheet, header)] = value


def _messages(result):
    return " ".join(str(p) for p in result.problems)


def test_a_child_row_must_point_at_an_existing_top_row(seed_filing):
    rows = _seed_rows_in_empty_db(seed_filing)
    child = next(i for i, r in enumerate(rows[LINES]) if r[header_index(LINES, "上级行号")] is not None)
    _set(rows, LINES, child, 上级行号=99)
    text = _messages(run_import([("x.xlsx", write_workbook(rows))]))
    assert "上级行号「99」在这份申报的支出方向中不存在" in text


def test_an_indicator_must_belong_to_a_row_with_an_attachment_3(seed_filing):
    rows = _seed_rows_in_empty_db(seed_filing)
    without_sheet = next(r[header_index(LINES, "行号")] for r in rows[LINES] if r[header_index(LINES, "附件3顺序")] is None)
    _set(rows, INDICATORS, 0, 所属支出方向行号=without_sheet)
    text = _messages(run_import([("x.xlsx", write_workbook(rows))]))
    assert f"支出方向第{without_sheet}行没有附件3" in text


def test_duplicate_row_numbers_are_reported(seed_filing):
    rows = _seed_rows_in_empty_db(seed_filing)
    rows[KEY_TASKS].append(list(rows[KEY_TASKS][0]))
    result = run_import([("x.xlsx", write_workbook(rows))])
    assert "「重点工作」表 第7行 「行号」列：行号在同一份申报中重复" in _messages(result)


def test_attachment_3_columns_without_its_order_are_an_error(seed_filing):
    rows = _seed_rows_in_empty_db(seed_filing)
    index = next(i for i, r in enumerate(rows[LINES]) if r[header_index(LINES, "附件3顺序")] is None)
    _set(rows, LINES, index, 所属专项="某专项")
    assert "填写了附件3内容，但「附件3顺序」为空" in _messages(run_import([("x.xlsx", write_workbook(rows))]))


def test_a_second_version_amends_the_first(seed_filing):
    rows = _seed_rows_in_empty_db(seed_filing)
    for sheet in SHEETS:
        if sheet == "部门":
            continue
        copies = [list(r) for r in rows[sheet]]
        for r in copies:
            r[2] = 2
        rows[sheet] += copies
    rows[FILINGS][1][header_index(FILINGS, "调整自版本")] = 1
    result = run_import([("x.xlsx", write_workbook(rows))], dry_run=False)
    assert result.ok, _messages(result)
    v1, v2 = Filing.objects.order_by("version")
    assert v2.amended_from == v1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_files_in_utf8_or_gbk_named_by_table(seed_filing, encoding):
    rows = _seed_rows_in_empty_db(seed_filing)
    archive = zipfile.ZipFile(io.BytesIO(write_csv_zip(rows)))
    files = [(name.replace(".csv", "-导出.csv") if name.startswith("部门") else name,
              archive.read(name).decode("utf-8-sig").encode(encoding)) for name in archive.namelist()]
    result = run_import(files, dry_run=False)  # 部门-导出.csv is recognised by its headers
    assert result.ok, _messages(result)
    assert Filing.objects.get().indicators.count() == 56


def test_a_csv_file_of_no_known_table_is_refused(frameworks):
    result = run_import([("notes.csv", "甲,乙\n1,2\n".encode())])
    assert "无法判断是哪张表" in _messages(result)
