"""Files in, raw tables out: xlsx workbooks, CSV files (one per table) and zips of CSV files.

Everything that makes a file unreadable as a whole is a FileProblem with a message for the user:
not a spreadsheet, an encrypted or legacy .xls file, merged cells, unknown sheets or columns, and a
zip that would expand to far more than a real workbook (FileTooLarge, see zipguard.py).
Reading checks each table's headers at once and leaves its rows in the file: a RawTable's rows are
streamed from the worksheet (xlsx.py) or the CSV text each time they are iterated, so an import holds
one batch of rows at a time, never a whole sheet. Reading stops after a long run of empty rows, so a
WPS/LibreOffice file that claims 1,048,576 rows costs no more than its real rows.
"""

import codecs
import csv
import io
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from openpyxl.utils import get_column_letter

from . import xlsx, zipguard
from .cells import is_blank, unescape_csv_text
from .format import IGNORED_SHEETS, SHEET_BY_NORMALIZED, SHEETS, normalize_name

logger = logging.getLogger(__name__)

MAX_EMPTY_RUN = 1000  # this many empty rows in a row end a sheet
MAX_ROWS_PER_SHEET = 1_000_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


class FileProblem(Exception):
    """A file that cannot be imported at all; str() is the Chinese message."""


class FileTooLarge(FileProblem):
    """A zip that expands beyond the limits (a zip bomb, or a workbook far larger than any real one)."""


@dataclass
class RawTable:
    """One table of a file: its headers, and its rows as (row number, cells in header order) when iterated.

    The row number is the one the user sees in Excel (the header is row 1).
    """

    sheet: str  # canonical sheet name from format.SHEETS
    file: str
    headers: list  # canonical headers, in the file's order
    stream: object = None  # () → iterator of (number, cells); each call reads the rows again from the file

    def __iter__(self):
        return self.stream() if self.stream else iter(())

    def where(self, row_number=None, header=None):
        parts = [f"「{self.sheet}」表"]
        if row_number is not None:
            parts.append(f"第{row_number}行")
        if header:
            parts.append(f"「{header}」列")
        return " ".join(parts)


def read_files(files, progress=None):
    """[(name, bytes)] → [RawTable]; raises FileProblem naming the file."""
    tables = []
    for name, data in files:
        try:
            tables.extend(read_file(name, data, progress))
        except FileProblem:
            raise
        except Exception:  # noqa: BLE001 - any other failure while parsing bytes means a damaged file
            logger.warning("import: unreadable file %s", name, exc_info=True)
            raise FileProblem(f"{name}：文件已损坏或格式不正确，无法读取（请用 Excel 或 WPS 打开后另存为 .xlsx）") from None
    return tables


def read_file(name, data, progress=None):
    head = data[:8]
    lower = name.lower()
    if head.startswith(ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except zipfile.BadZipFile:
            raise FileProblem(f"{name}：文件已损坏，无法打开") from None
        guard = zipguard.GuardedArchive(archive)
        try:
            guard.check_declared()
            if "xl/workbook.xml" in names:
                return _read_xlsx(name, data, guard, progress)
            csv_names = [n for n in names if n.lower().endswith(".csv") and not n.endswith("/")]
            if csv_names and not lower.endswith((".xlsx", ".xlsm")):
                return [_read_csv(f"{name}/{n}", lambda n=n: guard.open(n)) for n in csv_names]
        except zipguard.ExpandsTooMuch as exc:
            logger.warning("import: %s refused, %s", name, exc)
            raise FileTooLarge(f"{name}：文件解压后过大（{_part_label(guard, exc.path)}{exc.reason}），疑似压缩炸弹，"
                               "未导入任何数据。如确为正常的大文件，请分成几个文件导入。") from None
        except zipguard.UnsupportedCompression:
            raise FileProblem(f"{name}：文件使用了不支持的压缩方式（请用 Excel 或 WPS 另存为 .xlsx）") from None
        raise FileProblem(f"{name}：不是有效的 xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx）")
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise FileProblem(f"{name}：工作簿设置了打开密码（已加密），请在 Excel 或 WPS 中取消密码后重新保存再导入")
        raise FileProblem(f"{name}：这是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    if lower.endswith(".csv"):
        return [_read_csv(name, lambda: io.BytesIO(data))]
    raise FileProblem(f"{name}：不是有效的 xlsx 工作簿或 CSV 文件（请用 Excel 或 WPS 另存为 .xlsx）")


def _part_label(guard, path):
    """How the user knows a zip part: 工作表「绩效指标」, else its path; nothing for the whole file."""
    if path is None:
        return ""
    index_parts = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    if path not in index_parts and all(guard.declared_size(p) <= zipguard.MB for p in index_parts):
        # Only the small index parts are read to name the sheet, never the oversized part itself.
        try:
            titles = {p: title for title, p in xlsx.sheet_paths(guard).items()}
        except Exception:  # noqa: BLE001 - a damaged index only costs the nicer name
            titles = {}
        if path in titles:
            return f"工作表「{titles[path]}」"
    return f"「{path}」"


def _merged_ranges(archive, path):
    """The first merged ranges of a worksheet, found by streaming its XML (they follow the data)."""
    found, tail = [], b""
    try:
        stream = archive.open(path)
    except KeyError:
        return found
    with stream:
        while chunk := stream.read(1 << 20):
            buf = tail + chunk
            found.extend(m.decode() for m in _MERGE.findall(buf))
            if found:
                return found[:3]
            tail = buf[-200:]
    return found


def _read_xlsx(name, data, archive, progress=None):
    try:
        workbook = xlsx.Workbook(archive)
    except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile):
        raise FileProblem(f"{name}：无法读取工作簿，文件可能已损坏（请用 Excel 或 WPS 打开后另存为 .xlsx）") from None
    tables, problems = [], []
    for title, path in workbook.sheets.items():
        normalized = normalize_name(title)
        if normalized in IGNORED_SHEETS:
            continue
        sheet = SHEET_BY_NORMALIZED.get(normalized)
        if sheet is None:
            problems.append(f"工作表「{title}」不是导入格式中的表（应为：{'、'.join(SHEETS)}）")
            continue
        if progress:
            progress(f"读取「{sheet}」")
        merged = _merged_ranges(archive, path)
        if merged:
            problems.append(f"「{sheet}」表含合并单元格（{'、'.join(merged)}），请取消合并并在每行填写完整后再导入")
            continue
        try:
            table = _read_sheet(name, sheet, workbook, title, problems)
        except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile, EOFError):
            problems.append(f"「{sheet}」表无法读取，文件可能已损坏")
            continue
        if table is not None:
            tables.append(table)
    if problems:
        raise FileProblem(f"{name}：" + "；".join(problems))
    return tables


def _read_sheet(name, sheet, workbook, title, problems):
    """The table with its headers checked; its rows are read when the table is iterated."""
    rows = workbook.rows(title)
    try:
        first = next(rows, None)
    finally:
        rows.close()
    if first is None or first[0] != 1 or all(is_blank(v) for v in first[1]):
        problems.append(f"「{sheet}」表第1行应为列标题，但为空")
        return None
    header_row = first[1]
    width = max(i for i, v in enumerate(header_row, 1) if not is_blank(v))
    headers = _match_headers(sheet, header_row[:width], problems, letters=True)
    if headers is None:
        return None
    return RawTable(sheet, name, headers, lambda: _sheet_rows(name, sheet, workbook, title, width))


def _sheet_rows(name, sheet, workbook, title, width):
    """(number, cells) of the data rows of a worksheet; a sheet damaged past its header is a FileProblem."""
    rows = workbook.rows(title)
    try:
        next(rows, None)  # the header, checked when the table was opened
        empty_run = count = 0
        for number, values in rows:
            cells = values[:width]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                # WPS and LibreOffice write a styled empty <row> up to row 1,048,576: stop at a long run.
                empty_run += 1
                if empty_run >= MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            if len(cells) < width:
                cells += [None] * (width - len(cells))
            count += 1
            if count > MAX_ROWS_PER_SHEET:
                raise FileProblem(f"{name}：「{sheet}」表超过{MAX_ROWS_PER_SHEET}行，请分成几个文件导入")
            yield number, cells
    except zipguard.ExpandsTooMuch as exc:
        logger.warning("import: %s refused, %s", name, exc)
        where = f"工作表「{title}」" if exc.path is not None else ""
        raise FileTooLarge(f"{name}：文件解压后过大（{where}{exc.reason}），疑似压缩炸弹，"
                           "未导入任何数据。如确为正常的大文件，请分成几个文件导入。") from None
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 - any failure past the header means a damaged worksheet
        logger.warning("import: unreadable sheet %s in %s", sheet, name, exc_info=True)
        raise FileProblem(f"{name}：「{sheet}」表无法读取，文件可能已损坏") from None
    finally:
        rows.close()


def _match_headers(sheet, raw_headers, problems, letters=False):
    """Canonical headers in file order; every column of the format must be there exactly once, except
    the columns added later (Column.since), which an older workbook lacks."""
    expected = {normalize_name(c.header): c.header for c in SHEETS[sheet]}
    headers, seen, bad = [], set(), []
    for i, raw in enumerate(raw_headers, 1):
        place = f"{get_column_letter(i)}列" if letters else f"第{i}列"
        canonical = expected.get(normalize_name(raw))
        if canonical is None:
            bad.append(f"{place}「{raw if not is_blank(raw) else '（空标题）'}」不是本表的列")
        elif canonical in seen:
            bad.append(f"{place}「{canonical}」重复")
        seen.add(canonical)
        headers.append(canonical)
    missing = [c.header for c in SHEETS[sheet] if c.header not in seen and not c.since]
    if missing:
        bad.append("缺少列：" + "、".join(f"「{h}」" for h in missing))
    if bad:
        problems.append(f"「{sheet}」表：" + "；".join(bad))
        return None
    return headers


CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in Chinese saves CSV as GBK
CSV_CHUNK = 1 << 20


def _encoding(opener):
    """The first encoding of CSV_ENCODINGS the whole stream decodes in, read a chunk at a time."""
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with opener() as stream:
                while chunk := stream.read(CSV_CHUNK):
                    if b"\x00" in chunk:
                        raise FileProblem("不是文本格式的 CSV 文件")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem("无法识别文件编码（请保存为 UTF-8 或 GBK 编码的 CSV）")


def _csv_lines(opener, encoding):
    """The CSV records of the stream, decoded as they are read; the stream is closed when they end."""
    with opener() as stream:
        buffered = stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream, CSV_CHUNK)
        yield from csv.reader(io.TextIOWrapper(buffered, encoding=encoding, newline=""))


def _csv_sheet(name, header_row):
    stem = normalize_name(PurePosixPath(name).stem)
    if stem in SHEET_BY_NORMALIZED:
        return SHEET_BY_NORMALIZED[stem]
    wanted = {normalize_name(h) for h in header_row}
    for sheet, columns in SHEETS.items():
        if wanted == {normalize_name(c.header) for c in columns}:
            return sheet
    return None


def _read_csv(name, opener):
    """opener() → a binary stream of the CSV file; the table's rows are decoded from it when iterated."""
    try:
        encoding = _encoding(opener)
    except FileProblem as exc:
        raise FileProblem(f"{name}：{exc}") from None
    records = _csv_lines(opener, encoding)
    try:
        header_row = next(records, None)
    finally:
        records.close()
    if not header_row or all(is_blank(v) for v in header_row):
        raise FileProblem(f"{name}：第1行应为列标题，但为空")
    while header_row and is_blank(header_row[-1]):
        header_row.pop()
    sheet = _csv_sheet(name, header_row)
    if sheet is None:
        raise FileProblem(f"{name}：无法判断是哪张表（文件名应为表名，如「{next(iter(SHEETS))}.csv」）")
    problems = []
    headers = _match_headers(sheet, header_row, problems)
    if headers is None:
        raise FileProblem(f"{name}：" + "；".join(problems))
    return RawTable(sheet, name, headers, lambda: _csv_rows(name, opener, encoding, len(headers)))


def _csv_rows(name, opener, encoding, width):
    records = _csv_lines(opener, encoding)
    try:
        next(records, None)  # the header
        for number, values in enumerate(records, start=2):
            cells = [unescape_csv_text(v) if v != "" else None for v in values[:width]]
            if all(is_blank(v) for v in cells):
                continue
            cells += [None] * (width - len(cells))
            yield number, cells
    except zipguard.ExpandsTooMuch as exc:
        raise FileTooLarge(f"{name}：文件解压后过大（{exc.reason}），疑似压缩炸弹，未导入任何数据。") from None
    except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, EOFError):
        raise FileProblem(f"{name}：文件已损坏或格式不正确，无法读取") from None
    finally:
        records.close()
