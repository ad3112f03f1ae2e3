"""The files of the admin's Excel import/export of reference data (departments, special funds).

django-import-export's own formats read an upload whole (tablib: openpyxl, csv) with no bound on what
a small zip expands to (a 2.6 MB xlsx inflated to 1.08 GB and a worker to 5.7 GB), and write text
starting with "=" as a live formula. These two formats replace them:

- Reading sniffs the bytes (an xlsx is a zip, anything else is read as CSV), so a wrong choice in
  「格式」 does not matter. An xlsx goes through the prior-year importer's zip guard (zipguard.py,
  with this import's own, smaller limits) and its streaming worksheet reader (xlsx.py); then a cap
  on rows, columns, the length of a cell and the text of all cells keeps what is held in memory,
  and import-export's per-row work on it, bounded (benchmarks/reference_import_bench.py measures
  the largest file accepted). Every refusal is a FileRefused with a Chinese message.
- Writing keeps text as text: a string cell in xlsx (never a formula, with Excel's quote prefix
  where it looks like one), and in CSV a leading apostrophe before = + - @ or a leading tab/CR
  (cells.escape_csv_text), which reading takes off again: an export re-imports unchanged.

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: in django-import-export 4.4.3 it deletes the
leading "=" (「=HYPERLINK(…)」 re-imports as 「HYPERLINK(…)」), leaves + - @ alone and turns every
cell into text.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from xml.etree.ElementTree import ParseError

import tablib
from django.conf import settings
from import_export.formats.base_formats import Format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .importexport import xlsx, zipguard
from .importexport.cells import UncomputedFormula, escape_csv_text, unescape_csv_text

MB = 1024 * 1024
# Defaults; each is a setting of the same name. A district's department or fund list is hundreds of
# rows of short text: these leave several times that room, keep the largest file accepted well under
# 500 MB of memory, and its preview and its confirm each a request of seconds, not minutes
# (import-export checks and writes row by row: benchmarks/reference_import_bench.py).
DEFAULTS = {
    "REFERENCE_IMPORT_MAX_UPLOAD_BYTES": 5 * MB,  # the file as uploaded
    "REFERENCE_IMPORT_MAX_UNZIPPED_BYTES": 64 * MB,  # an xlsx's parts, decompressed: all, or one worksheet
    "REFERENCE_IMPORT_MAX_PART_BYTES": 8 * MB,  # any other part (shared strings, styles), decompressed
    "REFERENCE_IMPORT_MAX_ROWS": 1000,
    "REFERENCE_IMPORT_MAX_TEXT_CHARS": 500_000,  # all cells together
}
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2000  # no column of these tables holds more than 200
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_FONT = Font(bold=True)


def limit(name):
    return getattr(settings, name, DEFAULTS[name])


def _mb(n):
    return f"{n / MB:g} MB"


class FileRefused(Exception):
    """A file that is not imported at all; str() is the Chinese message shown on the upload form."""


class _ZipLimits(zipguard.Limits):
    """zipguard's limits for this import. Worksheets are streamed row by row (xlsx.py), so one may
    reach the unzipped cap; every other part is held whole in memory while read (the shared strings
    as a list, styles as a tree, at about ten bytes of memory per byte of XML), so each gets a cap
    of its own, REFERENCE_IMPORT_MAX_PART_BYTES."""

    def __init__(self):
        super().__init__()
        self.member = self.total = limit("REFERENCE_IMPORT_MAX_UNZIPPED_BYTES")
        self.part = limit("REFERENCE_IMPORT_MAX_PART_BYTES")

    def member_for(self, path):
        return self.member if path.startswith("xl/worksheets/") else self.part


def check_upload(size, head):
    """Refuse on what is known before reading: the size, and for a zip the sizes its directory declares."""
    cap = limit("REFERENCE_IMPORT_MAX_UPLOAD_BYTES")
    if size > cap:
        raise FileRefused(f"文件过大（{size / MB:.1f} MB），上限为 {_mb(cap)}；部门或专项资金清单请分成几个文件导入。")
    if head.startswith(OLE_MAGIC):
        raise FileRefused("这是旧版 .xls 文件（或设置了打开密码的工作簿），请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")


def read_table(data):
    """The bytes of an upload → tablib.Dataset (headers from row 1), or FileRefused."""
    if not isinstance(data, bytes):
        data = data.encode("utf-8")
    check_upload(len(data), data[:8])
    builder = _Builder()
    if data.startswith(ZIP_MAGIC):
        _read_xlsx(data, builder)
    else:
        _read_csv(data, builder)
    return builder.dataset()


class _Builder:
    """Rows in, checked against the caps as they arrive; Excel's row numbers kept (row n+1 is data row n)."""

    def __init__(self):
        self.max_rows = limit("REFERENCE_IMPORT_MAX_ROWS")
        self.max_text = limit("REFERENCE_IMPORT_MAX_TEXT_CHARS")
        self.headers = None
        self.rows = []
        self.text = 0

    def add(self, number, values):
        """Row `number` as Excel numbers it (1 = the header)."""
        if self.headers is None:
            self._header(number, values)
            return
        values = list(values[: len(self.headers)])
        if all(_blank(v) for v in values):
            return  # kept only if a row follows: as the gap below (trailing blank rows are dropped)
        # Blank rows between, and rows a worksheet leaves out, stay as blank rows: data row n is
        # Excel's row n+1 in what import-export reports.
        gap = max(0, number - 2 - len(self.rows))
        if len(self.rows) + gap + 1 > self.max_rows:
            raise FileRefused(f"文件超过 {self.max_rows} 行数据，请分成几个文件导入。")
        self.rows.extend([[None] * len(self.headers)] * gap)
        for i, value in enumerate(values):
            self._count(number, i, value)
        self.rows.append(values + [None] * (len(self.headers) - len(values)))

    def _header(self, number, values):
        width = max((i for i, v in enumerate(values, 1) if not _blank(v)), default=0)
        if number != 1 or width == 0:
            raise FileRefused("第1行应为列标题（如「专项名称」「预算年度」），但为空。")
        if width > MAX_COLUMNS:
            raise FileRefused(f"第1行有 {width} 列，超过 {MAX_COLUMNS} 列，不是本系统导出的格式。")
        self.headers = ["" if _blank(v) else str(v).strip() for v in values[:width]]

    def _count(self, number, index, value):
        if value is None:
            return
        if isinstance(value, UncomputedFormula):
            raise FileRefused(f"第{number}行「{self.headers[index]}」列（{value.ref or ''}）是没有计算结果的公式"
                              f"（{value}），请在 Excel 中打开并保存后再导入，或改为填写数值。")
        length = len(value) if isinstance(value, str) else 20
        if length > MAX_CELL_CHARS:
            raise FileRefused(f"第{number}行「{self.headers[index]}」列的内容超过 {MAX_CELL_CHARS} 个字，"
                              "不是部门或专项资金的内容，请检查文件。")
        self.text += length
        if self.text > self.max_text:
            raise FileRefused(f"文件的文字内容超过 {self.max_text} 个字，请分成几个文件导入。")

    def dataset(self):
        if self.headers is None:
            raise FileRefused("文件是空的：第1行应为列标题，其后每行一条记录。")
        if not self.rows:
            raise FileRefused("文件中只有列标题，没有数据行。")
        dataset = tablib.Dataset(headers=self.headers)
        for row in self.rows:
            dataset.append(row)
        return dataset


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(value):
    """A number as the widgets read it: whole numbers as int (a year, an order, a numeric code)."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


def _read_xlsx(data, builder):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法打开（请用 Excel 或 WPS 打开后另存为 .xlsx）。") from None
    guard = zipguard.GuardedArchive(archive, _ZipLimits())
    try:
        guard.check_declared()
        if "xl/workbook.xml" not in archive.namelist():
            raise FileRefused("不是有效的 xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx）。")
        try:
            workbook = xlsx.Workbook(guard)
            first = next(iter(workbook.sheets), None)
            if first is None:
                raise FileRefused("工作簿中没有工作表。")
            for number, values in workbook.rows(first):
                builder.add(number, [_cell(v) for v in values])
        except (KeyError, ValueError, ParseError, zipfile.BadZipFile, EOFError):
            raise FileRefused("无法读取工作簿，文件可能已损坏（请用 Excel 或 WPS 打开后另存为 .xlsx）。") from None
    except zipguard.ExpandsTooMuch as exc:
        part = f"「{exc.path}」" if exc.path else ""
        raise FileRefused(f"文件解压后过大（{part}{exc.reason}），疑似压缩炸弹，未导入任何数据。"
                          "部门或专项资金清单不会这么大，请检查文件。") from None
    except zipguard.UnsupportedCompression:
        raise FileRefused("文件使用了不支持的压缩方式（请用 Excel 或 WPS 另存为 .xlsx）。") from None


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused("无法识别文件编码（请保存为 UTF-8 或 GBK 编码的 CSV，或另存为 .xlsx）。")


def _read_csv(data, builder):
    text = _decode(data)
    if "\x00" in text:
        raise FileRefused("不是 xlsx 工作簿，也不是文本格式的 CSV 文件。")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, values in enumerate(reader, start=1):
            if builder.headers is None:
                builder.add(number, values)
            else:
                builder.add(number, [unescape_csv_text(v) if v != "" else None for v in values])
    except csv.Error:
        raise FileRefused(f"CSV 文件第{reader.line_num}行格式不正确（如引号不成对或内容过长），请用 Excel 或 WPS 另存后再导入。") from None


# --- writing ---------------------------------------------------------------------------------------

def write_xlsx(dataset):
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet((dataset.title or "Sheet1")[:31])
    ws.freeze_panes = "A2"
    for i, header in enumerate(dataset.headers or [], 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(str(header)) * 2 + 4)
    header_cells = []
    for header in dataset.headers or []:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        header_cells.append(cell)
    ws.append(header_cells)
    for row in dataset:
        ws.append([_xlsx_cell(ws, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(ws, value):
    if isinstance(value, str):
        # Characters XML cannot hold (control characters) cannot be written at all.
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"  # text, never a formula, whatever it starts with
        if escape_csv_text(value) != value:
            cell.quotePrefix = True  # as Excel stores a typed '=…: it stays text when edited
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def write_csv(dataset):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.headers or [])
    for row in dataset:
        writer.writerow([escape_csv_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    # The BOM makes Excel open UTF-8 CSV as UTF-8 instead of the system code page.
    return "\ufeff" + out.getvalue()


class _ReferenceFormat(Format):
    """Both formats read any upload (read_table sniffs it) and hand import-export the raw bytes."""

    native_types = False  # whether export cells stay numbers and dates (xlsx) or become text (CSV)

    def __init__(self, encoding=None):
        self.encoding = encoding

    def create_dataset(self, in_stream, **kwargs):
        return read_table(in_stream)

    def is_binary(self):
        return True  # bytes in and out of import-export's temporary storage; read_table decodes

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return True


class ReferenceXLSX(_ReferenceFormat):
    native_types = True

    def get_title(self):
        return "xlsx"  # also what import-export's guess_format.js matches the file's extension with

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset)


class ReferenceCSV(_ReferenceFormat):
    def get_title(self):
        return "csv"

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset).encode("utf-8")


FORMATS = [ReferenceXLSX, ReferenceCSV]
