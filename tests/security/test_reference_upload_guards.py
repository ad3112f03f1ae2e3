"""The admin's 部门 / 专项资金 导入 (django-import-export) refuses what would take the server's memory.

A 2.6 MB xlsx once inflated to 1.08 GB and took a worker to 5.7 GB. Every upload now passes a size
cap, the prior-year importer's zip guard (with this import's own limits), a row cap, a column cap
and a cap on the text of its cells, each refusal a Chinese message on the upload form, and no
refused file is kept. benchmarks/reference_import_bench.py measures the memory of the largest
file accepted.
"""

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from budgets.models import SpecialFund

MB = 1024 * 1024
HEADER = "专项名称,预算年度\n"


def upload(client, data, name, model="specialfund"):
    url = reverse(f"admin:budgets_{model}_import")
    page = client.get(url).content.decode()
    formats = dict((n, v) for v, n in re.findall(r'<option value="(\d+)"[^>]*>(\w+)</option>', page))
    response = client.post(url, {"format": formats.get(name.rsplit(".", 1)[-1], "0"), "resource": "0",
                                 "import_file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response.content.decode()


def refusal(html):
    """The message under the file field (the form's error list), or None if the file was read."""
    found = re.search(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', html, re.S)
    return found.group(1) if found else None


def kept_files():
    folder = Path(settings.MEDIA_ROOT) / "django-import-export"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def as_admin(client, admin_user, seed_filing, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    return client


def workbook(rows, padding=0):
    """A one-sheet xlsx of `rows` (the first is the header); its sheet XML padded by `padding` bytes."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if not padding:
        return out.getvalue()
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with dst.open(item.filename, "w") as part:  # in chunks: the bomb never sits in memory here
                part.write(head)
                for _ in range(padding // MB):
                    part.write(b" " * MB)
                part.write(b"</sheetData>" + tail)
    return bomb.getvalue()


def test_a_zip_bomb_is_refused_on_the_upload_form_in_seconds_and_nothing_is_kept(as_admin):
    data = workbook([["专项名称", "预算年度"], ["甲", 2022]], padding=1100 * MB)  # 1.1 GB of XML
    assert len(data) < 2 * MB
    started = time.monotonic()
    html = upload(as_admin, data, "炸弹.xlsx")
    assert time.monotonic() - started < 10
    assert "文件解压后过大" in refusal(html) and "疑似压缩炸弹" in refusal(html)
    assert "/process_import/" not in html
    assert "<code>专项名称</code>" in html  # the page still says which columns a file has
    assert kept_files() == []
    assert not SpecialFund.objects.filter(name="甲").exists()


@override_settings(REFERENCE_IMPORT_MAX_UNZIPPED_BYTES=2 * MB)
def test_an_xlsx_expanding_beyond_the_unzipped_cap_is_refused_while_it_is_read(as_admin):
    # Under 16 MB a part may compress any amount (zipguard.RATIO_FLOOR): the size is what refuses it.
    data = workbook([["专项名称", "预算年度"], ["甲", 2022]], padding=3 * MB)
    html = upload(as_admin, data, "大.xlsx")
    assert "文件解压后过大" in refusal(html) and "超过 2 MB" in refusal(html)
    assert kept_files() == []


@override_settings(REFERENCE_IMPORT_MAX_UPLOAD_BYTES=1 * MB)
def test_a_file_over_the_size_cap_is_refused_before_it_is_stored(as_admin):
    data = (HEADER + "甲,2022\n" * 200_000).encode()
    html = upload(as_admin, data, "大.csv")
    assert refusal(html).startswith("文件过大（") and "上限为 1 MB" in refusal(html)
    assert kept_files() == []


@override_settings(REFERENCE_IMPORT_MAX_ROWS=100)
@pytest.mark.parametrize("name", ["多.csv", "多.xlsx"])
def test_a_file_over_the_row_cap_is_refused(as_admin, name):
    rows = [["专项名称", "预算年度"]] + [[f"专项{i}", 2022] for i in range(101)]
    data = workbook(rows) if name.endswith("xlsx") else "\n".join(",".join(map(str, r)) for r in rows).encode()
    assert refusal(upload(as_admin, data, name)) == "文件超过 100 行数据，请分成几个文件导入。"
    assert kept_files() == []


@override_settings(REFERENCE_IMPORT_MAX_ROWS=100)
def test_a_worksheet_claiming_a_far_row_counts_all_rows_before_it(as_admin):
    book = openpyxl.Workbook()
    book.active.append(["专项名称", "预算年度"])
    book.active["A1048576"] = "末行"
    out = io.BytesIO()
    book.save(out)
    assert refusal(upload(as_admin, out.getvalue(), "远.xlsx")) == "文件超过 100 行数据，请分成几个文件导入。"


@override_settings(REFERENCE_IMPORT_MAX_TEXT_CHARS=10_000)
def test_a_file_over_the_text_cap_is_refused(as_admin):
    data = (HEADER + "".join(f"{'长' * 150}{i},2022\n" for i in range(100))).encode()
    assert refusal(upload(as_admin, data, "长.csv")) == "文件的文字内容超过 10000 个字，请分成几个文件导入。"


def test_one_overlong_cell_is_refused_naming_row_and_column(as_admin):
    data = workbook([["专项名称", "预算年度"], ["甲", 2022], ["长" * 2001, 2022]])
    assert refusal(upload(as_admin, data, "长.xlsx")).startswith("第3行「专项名称」列的内容超过 2000 个字")


def test_a_shared_string_repeated_on_every_row_counts_on_every_row(as_admin):
    # In xlsx one long text can be stored once and shown in every row: the cap counts what is shown.
    rows = [["专项名称", "预算年度", "实施期"]] + [[f"专项{i}", 2022, "期" * 1900] for i in range(2000)]
    html = upload(as_admin, workbook(rows), "重复.xlsx")
    assert "文件的文字内容超过" in refusal(html)


def test_too_many_columns_are_refused(as_admin):
    data = workbook([[f"列{i}" for i in range(60)], list(range(60))])
    assert refusal(upload(as_admin, data, "宽.xlsx")) == "第1行有 60 列，超过 50 列，不是本系统导出的格式。"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧.xls", "这是旧版 .xls 文件"),
    (b"PK\x03\x04 broken", "坏.xlsx", "文件已损坏，无法打开"),
    ("专项名称,预算年度\n".encode(), "空.csv", "文件中只有列标题，没有数据行。"),
    (b"\n\n", "空.csv", "第1行应为列标题"),
    (b"\x00\x01\x02\x03" * 10, "乱.csv", "不是 xlsx 工作簿，也不是文本格式的 CSV 文件。"),
])
def test_unreadable_files_get_a_chinese_message(as_admin, data, name, message):
    html = upload(as_admin, data, name)
    assert message in refusal(html)
    assert "encountered while trying to read file" not in html
    assert kept_files() == []


def test_a_gbk_csv_from_chinese_excel_reads(as_admin):
    html = upload(as_admin, (HEADER + "国标专项,2022\n").encode("gb18030"), "国标.csv")
    assert refusal(html) is None and "国标专项" in html and "/process_import/" in html


def test_the_format_chosen_does_not_matter(as_admin):
    # An xlsx uploaded with 「csv」 chosen: read by its content.
    data = workbook([["专项名称", "预算年度"], ["选错格式的专项", 2022]])
    url = reverse("admin:budgets_specialfund_import")
    html = as_admin.post(url, {"format": "1", "resource": "0",
                               "import_file": SimpleUploadedFile("x.xlsx", data)}).content.decode()
    assert "选错格式的专项" in html and "/process_import/" in html


def test_a_previewed_file_is_kept_until_confirmed_then_removed(as_admin):
    html = upload(as_admin, (HEADER + "预览专项,2022\n").encode(), "预览.csv")
    assert len(kept_files()) == 1
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    as_admin.post(reverse("admin:budgets_specialfund_process_import"), hidden)
    assert kept_files() == []
    assert SpecialFund.objects.filter(name="预览专项").exists()
