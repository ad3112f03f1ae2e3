import io
import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from budgets.importexport.export import template_workbook, write_workbook
from budgets.importexport.format import DEPARTMENTS, FILINGS, KEY_TASKS, OVERALL
from budgets.importexport.service import run_import
from budgets.models import Department, Filing, KeyTask

from .helpers import header_index

pytestmark = pytest.mark.django_db


def _minimal_rows(**overall):
    """One department, one filing, one key task: the smallest import that writes something."""
    money = {"资金总额": "100", "一般公共预算拨款": "100"} | overall
    overall_row = ["dept-a", 2020, 1] + [None] * 12
    for header, value in money.items():
        overall_row[header_index(OVERALL, header)] = value
    return {
        DEPARTMENTS: [["dept-a", "甲街道办事处", "430204", "株洲市石峰区", "石峰区", "街道办事处", 1, "是"]],
        FILINGS: [["dept-a", 2020, 1, "hunan-2021", "已批准", None, "石峰区甲街道办事处"]],
        OVERALL: [overall_row],
        KEY_TASKS: [["dept-a", 2020, 1, 1, "事项1", "城管办", "目标", "12.5"]],
    }


def _messages(result):
    return [str(p) for p in result.problems]


def _import(data, name="x.xlsx", dry_run=False):
    return run_import([(name, data)], dry_run=dry_run)


def test_a_minimal_workbook_imports(frameworks):
    result = _import(write_workbook(_minimal_rows()))
    assert result.ok, _messages(result)
    filing = Filing.objects.get()
    assert (filing.origin, filing.status, filing.total_amount) == ("imported", "approved", Decimal(100))
    assert KeyTask.objects.get().amount == Decimal("12.5")


def test_dry_run_writes_nothing_but_counts(frameworks):
    result = _import(write_workbook(_minimal_rows()), dry_run=True)
    assert result.ok
    assert result.counts[FILINGS]["new"] == 1 and result.counts[KEY_TASKS]["new"] == 1
    assert not Filing.objects.exists() and not Department.objects.exists()


def test_full_width_digits_and_thousands_separators_are_accepted(frameworks):
    result = _import(write_workbook(_minimal_rows(**{"资金总额": "１，２３４．５", "一般公共预算拨款": "1,234.5"})))
    assert result.ok, _messages(result)
    assert Filing.objects.get().total_amount == Decimal("1234.5")


@pytest.mark.parametrize(("value", "message"), [("abc", "不是数字"), ("-5", "不能为负数"), ("1.1234567", "6位小数"),
                                                ("12,34", "不是数字")])
def test_bad_amounts_name_sheet_row_and_column_and_change_nothing(frameworks, value, message):
    result = _import(write_workbook(_minimal_rows(**{"基本支出": value})))
    assert not result.ok
    assert any("「附件1 资金与职责」表 第2行 「基本支出」列" in m and message in m for m in _messages(result)), _messages(result)
    assert result.counts[OVERALL]["errors"] == 1
    assert not Filing.objects.exists() and not Department.objects.exists()


def test_a_missing_sheet_is_refused():
    data = write_workbook({})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    del wb["绩效指标"]
    out = io.BytesIO()
    wb.save(out)
    result = _import(out.getvalue())
    assert "缺少工作表：「绩效指标」" in " ".join(_messages(result))


def _edit_template(edit):
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_unknown_sheet_is_refused():
    data = _edit_template(lambda wb: wb.create_sheet("Sheet1"))
    assert "工作表「Sheet1」不是导入格式中的表" in " ".join(_messages(_import(data)))


def test_unknown_and_missing_columns_are_refused():
    def edit(wb):
        ws = wb[KEY_TASKS]
        ws["B1"] = "年份"  # was 预算年度
        ws.cell(row=1, column=ws.max_column + 1, value="附注")
    text = " ".join(_messages(_import(_edit_template(edit))))
    assert "B列「年份」不是本表的列" in text
    assert "「附注」不是本表的列" in text
    assert "缺少列：「预算年度」" in text


def test_merged_cells_are_refused(frameworks):
    data = write_workbook(_minimal_rows())
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[FILINGS].merge_cells("A2:A3")
    out = io.BytesIO()
    wb.save(out)
    result = _import(out.getvalue())
    assert "「填报」表含合并单元格（A2:A3）" in " ".join(_messages(result))
    assert not Filing.objects.exists()


def _claim_a_million_rows(data, sheet_title):
    """What WPS and LibreOffice do: a dimension of A1:…1048576 and a styled empty <row> for each."""
    src = zipfile.ZipFile(io.BytesIO(data))
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    index = wb.sheetnames.index(sheet_title) + 1
    wb.close()
    target = f"xl/worksheets/sheet{index}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == target:
                text = body.decode()
                last = max(int(n) for n in re.findall(r'<row r="(\d+)"', text))
                empty = "".join(f'<row r="{r}" s="1" customFormat="1" ht="15"/>' for r in range(last + 1, 1048577))
                text = text.replace("</sheetData>", empty + "</sheetData>")
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>', text)
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


def test_a_wps_file_claiming_a_million_rows_is_read_quickly(frameworks):
    data = _claim_a_million_rows(write_workbook(_minimal_rows()), KEY_TASKS)
    started = time.monotonic()
    result = _import(data)
    assert result.ok, _messages(result)
    assert time.monotonic() - started < 10
    assert KeyTask.objects.count() == 1


def test_a_text_file_named_xlsx_is_refused():
    result = _import(b"<html><body>not a workbook</body></html>")
    assert "不是有效的 xlsx 工作簿" in " ".join(_messages(result))


def test_a_corrupt_zip_named_xlsx_is_refused():
    result = _import(b"PK\x03\x04" + b"\x00" * 200)
    assert _messages(result) and "x.xlsx" in _messages(result)[0]


def test_a_password_protected_workbook_is_refused():
    # An encrypted xlsx is an OLE compound file holding EncryptionInfo and EncryptedPackage streams.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + \
        b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500
    assert "设置了打开密码" in " ".join(_messages(_import(ole)))


def test_a_legacy_xls_file_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "Workbook".encode("utf-16-le")
    assert "旧版 .xls" in " ".join(_messages(_import(ole, name="old.xls")))


def test_rows_of_unknown_filings_and_departments_are_errors(frameworks):
    rows = _minimal_rows()
    rows[KEY_TASKS].append(["dept-a", 2019, 1, 1, "事项", "", "", None])
    rows[FILINGS].append(["nobody", 2020, 1, "hunan-2021", "", None, "无名"])
    text = " ".join(_messages(_import(write_workbook(rows))))
    assert "「重点工作」表 第3行 「部门编码」列：「填报」表中没有这份申报（部门编码 dept-a，2019年，第1版）" in text
    assert "部门编码「nobody」不存在" in text
    assert not Filing.objects.exists()


def test_an_entered_filing_is_never_overwritten(seed_filing):
    rows = _minimal_rows()
    rows[FILINGS] = [["jinglong", 2021, 1, "hunan-2021", "", None, "井龙"]]
    rows[OVERALL][0][:3] = ["jinglong", 2021, 1]
    rows[KEY_TASKS] = []
    before = list(seed_filing.key_tasks.values_list("pk", "item"))
    text = " ".join(_messages(_import(write_workbook(rows))))
    assert "2021年 石峰区井龙街道办事处 是在线填报的申报，文件中的「填报」、「重点工作」" in text
    assert "导入不能修改在线填报的申报，未写入任何数据" in text
    seed_filing.refresh_from_db()
    assert seed_filing.department_name != "井龙"
    assert list(seed_filing.key_tasks.values_list("pk", "item")) == before


@pytest.mark.parametrize("damage", ["truncated", "flipped", "no_workbook_part", "bad_shared_index"])
def test_damaged_workbooks_get_a_message_not_an_exception(frameworks, damage):
    data = write_workbook(_minimal_rows())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        middle = len(data) // 2
        data = data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 400]) + data[middle + 400:]
    else:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if damage == "no_workbook_part" and item.filename == "xl/_rels/workbook.xml.rels":
                    continue
                if damage == "bad_shared_index" and item.filename == "xl/worksheets/sheet2.xml":
                    body = body.replace(b't="inlineStr"><is><t>dept-a</t></is>', b't="s"><v>99</v>')
                dst.writestr(item, body)
        data = out.getvalue()
    result = _import(data)
    assert not result.ok
    assert "x.xlsx" in _messages(result)[0]
    assert not Filing.objects.exists()


def test_a_database_error_while_writing_leaves_nothing_behind(frameworks, monkeypatch):
    from django.db import IntegrityError

    from budgets.models import KeyTask as Task

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Task.objects, "bulk_create", fail)
    result = _import(write_workbook(_minimal_rows()))
    assert not result.ok and not result.written
    assert "未写入任何数据" in _messages(result)[0]
    assert not Filing.objects.exists() and not Department.objects.exists()


def test_an_admin_cannot_import_into_another_district(frameworks, admin_user, other_district):
    from budgets.importexport.service import allowed_districts

    Department.objects.create(district=other_district, code="dept-a", name="荷塘区某部门")
    result = run_import([("x.xlsx", write_workbook(_minimal_rows()))], dry_run=False,
                        allowed_district_ids=allowed_districts(admin_user))
    assert "属于其他区，无权通过导入修改" in " ".join(_messages(result))
    assert Department.objects.get(code="dept-a").district == other_district
    assert not Filing.objects.exists()


def test_binary_noise_in_stored_numbers_is_read_as_excel_shows_it(frameworks):
    rows = _minimal_rows()
    rows[KEY_TASKS][0][-1] = Decimal("68.35")  # openpyxl stores it as 68.34999999999999
    result = _import(write_workbook(rows))
    assert result.ok, _messages(result)
    assert KeyTask.objects.get().amount == Decimal("68.35")
