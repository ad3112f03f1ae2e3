"""Raw tables → typed rows, with every cell problem recorded against its sheet, row and column."""

from collections import Counter
from dataclasses import dataclass, field

from .cells import CellError, parse_cell
from .format import SHEETS

COUNT_KINDS = ("new", "updated", "unchanged", "deleted", "errors")


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


@dataclass
class Row:
    """One data row: its typed values (cells that failed are missing) and where it came from."""

    sheet: str
    file: str
    number: int
    raw: dict  # header → cell as read, for the failed-rows download
    values: dict
    failed: bool = False


@dataclass
class Parsed:
    rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})
    problems: list = field(default_factory=list)
    failed_rows: dict = field(default_factory=dict)  # (file, sheet, number) → Row

    def error(self, row, column, message):
        """Record a problem on a row; the row then counts as an error and is not written."""
        if row is None:
            self.problems.append(Problem(None, None, column, message))
            return
        row.failed = True
        self.failed_rows[(row.file, row.sheet, row.number)] = row
        self.problems.append(Problem(row.sheet, row.number, column, message, row.file))

    def error_counts(self):
        counts = Counter()
        for _, sheet, _ in self.failed_rows:
            counts[sheet] += 1
        return counts


def parse_tables(tables):
    parsed = Parsed()
    for table in tables:
        columns = {c.header: c for c in SHEETS[table.sheet]}
        for raw_row in table.rows:
            raw = dict(zip(table.headers, raw_row.cells, strict=True))
            row = Row(table.sheet, table.file, raw_row.number, raw, {})
            for header, value in raw.items():
                column = columns[header]
                try:
                    row.values[column.field] = parse_cell(column, value)
                except CellError as exc:
                    parsed.error(row, header, str(exc))
            # A column added to the format later, absent from an older workbook: as if left blank.
            for column in columns.values():
                if column.header not in raw:
                    row.values[column.field] = parse_cell(column, None)
            parsed.rows[table.sheet].append(row)
    return parsed
