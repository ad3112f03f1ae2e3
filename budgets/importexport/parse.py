"""Raw tables → typed rows, with every cell problem recorded against its sheet, row and column."""

from collections import Counter
from dataclasses import dataclass

from .cells import CellError, cell_parser, parse_cell
from .format import INDICATORS, SHEETS
from .reader import FileProblem

COUNT_KINDS = ("new", "updated", "unchanged", "deleted", "errors")
STREAMED = (INDICATORS,)  # read a batch at a time; every other sheet is held (a few rows per filing)
STREAM_BATCH = 5000
MAX_PROBLEMS_KEPT = 1000  # the preview shows 500; the rest are counted
MAX_HELD_ROWS = 100_000  # rows of the held sheets of one import (the benchmark's 20 MB file has 56,100)


@dataclass
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    file: str = ""

    def where(self):
        parts = []
        if self.sheet:
            parts.append(f"「{self.sheet}」表")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return " ".join(parts)

    def __str__(self):
        where = self.where()
        return f"{where}：{self.message}" if where else self.message

    def as_dict(self):
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.message}


class Row:
    """One data row: its typed values (cells that failed are missing) and where it came from.

    The cells are kept as read (in `headers` order) for the failed-rows download; `raw` pairs them
    with their headers only when asked, so a row costs its values and one list of cells.
    """

    __slots__ = ("sheet", "file", "number", "headers", "cells", "values", "failed")

    def __init__(self, sheet, file, number, raw=None, values=None, failed=False, headers=(), cells=()):
        self.sheet, self.file, self.number = sheet, file, number
        if raw is not None:
            headers, cells = list(raw), list(raw.values())
        self.headers, self.cells = headers, cells
        self.values = values if values is not None else {}
        self.failed = failed

    @property
    def raw(self):
        """header → cell as read."""
        return dict(zip(self.headers, self.cells, strict=True))


class Parsed:
    """Typed rows of the held sheets, the streamed tables of the rest, and every problem found.

    STREAMED sheets (绩效指标: most of a workbook's rows) are not held: parse_rows() types their rows a
    batch at a time as the planner reads them. Of the problems and failed rows, the first
    MAX_PROBLEMS_KEPT are kept (more than the preview shows); all of them are counted.
    """

    def __init__(self):
        self.rows = {sheet: [] for sheet in SHEETS}
        self.streams = {sheet: [] for sheet in SHEETS}  # sheet → [RawTable] not yet read
        self.problems = []
        self.problem_count = 0
        self.failed_rows = {}  # (file, sheet, number) → Row
        self.failed_counts = Counter()  # sheet → rows that failed

    def error(self, row, column, message):
        """Record a problem on a row; the row then counts as an error and is not written."""
        self.problem_count += 1
        if row is None:
            self.problems.append(Problem(None, None, column, message))
            return
        if not row.failed:
            row.failed = True
            self.failed_counts[row.sheet] += 1
            if len(self.failed_rows) < MAX_PROBLEMS_KEPT:
                self.failed_rows[(row.file, row.sheet, row.number)] = row
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(Problem(row.sheet, row.number, column, message, row.file))

    def error_counts(self):
        return self.failed_counts

    def stream(self, sheet, batch=None):
        """The typed rows of a streamed sheet, table by table, in lists of at most `batch` rows."""
        batch = batch or STREAM_BATCH
        for table in self.streams[sheet]:
            parser = RowParser(table)
            rows = []
            for number, cells in table:
                rows.append(parser.row(self, number, cells))
                if len(rows) >= batch:
                    yield rows
                    rows = []
            if rows:
                yield rows


class RowParser:
    """Types the rows of one table: one parsing function per column, chosen once (cells.cell_parser)."""

    def __init__(self, table):
        columns = {c.header: c for c in SHEETS[table.sheet]}
        self.table = table
        self.parsers = [(header, columns[header].field, cell_parser(columns[header])) for header in table.headers]
        # A column added to the format later, absent from an older workbook: as if left blank.
        present = set(table.headers)
        self.defaults = {c.field: parse_cell(c, None) for c in columns.values() if c.header not in present}

    def row(self, parsed, number, cells):
        table = self.table
        row = Row(table.sheet, table.file, number, headers=table.headers, cells=cells)
        values = row.values
        for (header, name, parse), value in zip(self.parsers, cells, strict=True):
            try:
                values[name] = parse(value)
            except CellError as exc:
                parsed.error(row, header, str(exc))
        if self.defaults:
            values.update(self.defaults)
        return row


def parse_tables(tables):
    """Held sheets typed now; the streamed ones kept for Parsed.stream().

    Held rows cost about 2 KB each: more than MAX_HELD_ROWS of them (a real file has about 25 per
    filing) is refused as a whole, so that no accepted file can take the server's memory.
    """
    parsed = Parsed()
    held = 0
    for table in tables:
        if table.sheet in STREAMED:
            parsed.streams[table.sheet].append(table)
            continue
        parser = RowParser(table)
        rows = parsed.rows[table.sheet]
        for number, cells in table:
            held += 1
            if held > MAX_HELD_ROWS:
                raise FileProblem(f"{table.file}：除「{'」「'.join(STREAMED)}」表外，各表合计超过{MAX_HELD_ROWS:,}行，"
                                  "请分成几个文件导入（例如每个文件一个年度）")
            rows.append(parser.row(parsed, number, cells))
    return parsed
