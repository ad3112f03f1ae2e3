"""Zip bombs: a small file whose parts expand far beyond a real workbook is refused before it is read."""

import io
import struct
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from budgets.importexport import zipguard
from budgets.importexport.export import write_workbook
from budgets.importexport.format import INDICATORS, LINES
from budgets.importexport.service import run_import
from budgets.models import Department, Filing, ImportBatch

from .helpers import sheet_part
from .test_bad_files import _minimal_rows

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SMALL_LIMIT = override_settings(IMPORT_MAX_UNZIPPED_MEMBER_BYTES=1 * MB)


def _bomb(sheets=(INDICATORS,), size=4 * MB, fill=b" "):
    """A valid workbook whose given sheets are padded to `size` bytes of XML (whitespace compresses ~1000:1)."""
    data = write_workbook(_minimal_rows())
    paths = {sheet_part(data, s) for s in sheets}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename not in paths:
                dst.writestr(item, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with dst.open(item.filename, "w") as part:  # written in chunks: the bomb never sits in memory
                part.write(head)
                remaining = size - len(body)
                while remaining > 0:
                    part.write(fill * min(MB, remaining))
                    remaining -= MB
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


def _claiming(data, path, size):
    """The zip with the central directory entry of `path` claiming an uncompressed size of `size`."""
    name = path.encode()
    at = struct.unpack_from("<I", data, data.rindex(b"PK\x05\x06") + 16)[0]  # where the directory starts
    while True:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name:
            break
        extra, comment = struct.unpack_from("<HH", data, at + 30)
        at += 46 + name_len + extra + comment
    return data[:at + 24] + struct.pack("<I", size) + data[at + 28:]


def _messages(result):
    return [str(p) for p in result.problems]


@SMALL_LIMIT
def test_a_sheet_expanding_beyond_the_limit_is_refused_and_nothing_is_written(frameworks):
    data = _bomb()
    assert len(data) < 64 * 1024
    result = run_import([("bomb.xlsx", data)], dry_run=False)
    assert _messages(result) == ["bomb.xlsx：文件解压后过大（工作表「绩效指标」超过 1 MB），疑似压缩炸弹，未导入任何数据。"
                                 "如确为正常的大文件，请分成几个文件导入。"]
    assert result.file_too_large and not result.written
    assert not Filing.objects.exists() and not Department.objects.exists()


@override_settings(IMPORT_MAX_UNZIPPED_MEMBER_BYTES=3 * MB, IMPORT_MAX_UNZIPPED_BYTES=4 * MB)
def test_parts_together_expanding_beyond_the_total_limit_are_refused(frameworks):
    result = run_import([("bomb.xlsx", _bomb(sheets=(INDICATORS, LINES), size=2 * MB + 1000))])
    assert "文件解压后过大（全部内容超过 4 MB），疑似压缩炸弹" in _messages(result)[0]


def test_a_part_compressed_far_beyond_any_real_workbook_is_refused():
    # 20 MB of one byte: within the size limits, but 1000:1 where real sheets are 10–50:1.
    result = run_import([("bomb.xlsx", _bomb(size=20 * MB))])
    assert "工作表「绩效指标」的压缩比超过 100 倍" in _messages(result)[0]


def test_the_default_limit_refuses_a_part_whose_header_claims_a_huge_size(frameworks):
    data = write_workbook(_minimal_rows())
    lying = _claiming(data, sheet_part(data, INDICATORS), 0xF000_0000)  # ~3.75 GB
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo(sheet_part(data, INDICATORS)).file_size == 0xF000_0000
    started = time.monotonic()
    result = run_import([("huge.xlsx", lying)])
    assert time.monotonic() - started < 5
    assert "文件解压后过大（工作表「绩效指标」超过 256 MB），疑似压缩炸弹" in _messages(result)[0]


def test_bytes_are_counted_while_streaming_not_only_taken_from_the_header():
    # The directory can lie; a part is cut off once it has produced more than the limit.
    data = _bomb(size=4 * MB)
    archive = zipfile.ZipFile(io.BytesIO(data))
    path = sheet_part(data, INDICATORS)
    with override_settings(IMPORT_MAX_UNZIPPED_MEMBER_BYTES=1 * MB):
        guard = zipguard.GuardedArchive(archive)  # check_declared() deliberately not called
    read = 0
    with pytest.raises(zipguard.ExpandsTooMuch) as refused, guard.open(path) as stream:
        while chunk := stream.read(16 * 1024):
            read += len(chunk)
    assert refused.value.path == path and refused.value.reason == "超过 1 MB"
    assert read <= 1 * MB
    with pytest.raises(zipguard.ExpandsTooMuch):
        guard.read(path)  # a whole-part read stops at the limit as well


def test_real_workbooks_are_within_the_default_limits():
    """Sizes measured from real files: the import benchmark's workbook (benchmarks/import_bench.py,
    172,200 rows, 7.8 MB) and a LibreOffice sheet with a million styled empty rows."""

    class Directory:
        def __init__(self, parts):
            self.parts = parts

        def infolist(self):
            infos = []
            for name, (size, compressed) in self.parts.items():
                info = zipfile.ZipInfo(name)
                info.compress_type, info.file_size, info.compress_size = zipfile.ZIP_DEFLATED, size, compressed
                infos.append(info)
            return infos

    benchmark = {"xl/worksheets/sheet6.xml": (100_511_041, 7_003_055), "xl/worksheets/sheet5.xml": (12_971_629, 926_243),
                 "xl/worksheets/sheet4.xml": (1_922_513, 140_967), "xl/worksheets/sheet3.xml": (605_267, 36_058)}
    libreoffice = {"xl/worksheets/sheet5.xml": (131_072_000, 2_880_000)}  # 125 MB at 45:1
    for parts in (benchmark, libreoffice):
        zipguard.GuardedArchive(Directory(parts)).check_declared()  # raises if refused


@SMALL_LIMIT
def test_the_admin_upload_page_shows_the_refusal_as_a_form_error(client, admin_user, frameworks):
    client.force_login(admin_user)
    upload = io.BytesIO(_bomb())
    upload.name = "bomb.xlsx"
    response = client.post(reverse("admin:budgets_filing_import"), {"file": upload})
    assert response.status_code == 200
    assert "文件解压后过大（工作表「绩效指标」超过 1 MB），疑似压缩炸弹，未导入任何数据" in \
        response.context["form"].errors["file"][0]
    assert "疑似压缩炸弹" in response.content.decode()
    assert not ImportBatch.objects.exists() and not Filing.objects.exists()


@SMALL_LIMIT
def test_import_prior_years_prints_the_refusal_and_fails(tmp_path, frameworks, capsys):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb())
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_prior_years", str(path), verbosity=0)
    assert "疑似压缩炸弹" in capsys.readouterr().out
    assert not Filing.objects.exists() and not Department.objects.exists()


def test_zipped_csv_files_are_guarded_too(frameworks):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("部门.csv", "w") as part:
        for _ in range(4):
            part.write(b"\n" * MB)
    with SMALL_LIMIT:
        result = run_import([("csv.zip", out.getvalue())])
    assert "csv.zip：文件解压后过大（「部门.csv」超过 1 MB）" in _messages(result)[0]


def test_compression_methods_office_never_writes_are_refused():
    data = write_workbook(_minimal_rows())
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename), compress_type=zipfile.ZIP_BZIP2)
    assert "不支持的压缩方式" in _messages(run_import([("bz.xlsx", out.getvalue())]))[0]
