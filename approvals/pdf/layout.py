"""What goes where on the printed forms: the filing read once, arranged into print-ready pieces.

Templates stay dumb; the decisions that need arithmetic (which rows share a merged cell, which
rows must stay on one page, which columns a framework prints) are made here.
"""

import math
from dataclasses import dataclass, field

from budgets.models import Filing, Indicator
from budgets.reading import TITLES, read_filing

ATTACHMENTS = (1, 2, 3)

# A 一级 group is kept on one page (one <tbody>, break-inside: avoid) so its merged 一级/二级 cells
# never lose their label to a page break. A group taller than this many text lines (an A4 page
# holds about 47 below the repeated header) could not fit on a page; it is cut into one <tbody>
# per 二级 instead, and a very long 二级 into page-sized runs, each repeating its labels.
MAX_GROUP_LINES = 42
# Characters per line of the 三级, 指标值 and 备注 columns (a little under what fits, to err on the
# tall side): combined layout at 10.5pt, split layout at 9.5pt with narrower columns.
CHARS_PER_LINE = {False: (14, 8, 4), True: (10, 4, 6)}


@dataclass
class Row:
    indicator: Indicator
    level2_span: int = 0  # rowspan of the 二级 cell on this row, 0 when merged into a row above


@dataclass
class Chunk:
    """Rows printed as one unbreakable <tbody>, with the 一级 cell merged over all of them."""

    level1: object
    rows: list = field(default_factory=list)


@dataclass
class PrintIndicators:
    """An indicator block of budgets.reading with its rows cut into page-safe chunks."""

    kind = "indicators"
    title: str
    split: bool
    chunks: list
    columns: list = field(default_factory=list)  # the layout's columns, as budgets.reading decided them
    side_width: int = 9
    has_level1: bool = True
    has_level2: bool = True


def _lines(text, chars_per_line):
    text = (text or "").strip()
    if not text:
        return 1
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


def _row_lines(ind, split):
    # Text lines of the tallest cell, plus half a line for the cell padding and rules.
    name, value, remark = CHARS_PER_LINE[split]
    return max(_lines(ind.name, name), _lines(ind.value_text, value), _lines(ind.remark, remark)) + 0.5


def _chunk_rows(level1, level2_groups):
    chunk = Chunk(level1)
    for _, rows in level2_groups:
        for i, ind in enumerate(rows):
            chunk.rows.append(Row(ind, len(rows) if i == 0 else 0))
    return chunk


def _pieces(level2, rows, split):
    """A 二级 group cut into runs of rows that each fit on a page."""
    pieces, current, lines = [], [], 0
    for ind in rows:
        n = _row_lines(ind, split)
        if current and lines + n > MAX_GROUP_LINES:
            pieces.append((level2, current))
            current, lines = [], 0
        current.append(ind)
        lines += n
    pieces.append((level2, current))
    return pieces


def chunk_group(level1, level2_groups, split=False):
    total = sum(_row_lines(ind, split) for _, rows in level2_groups for ind in rows)
    if total <= MAX_GROUP_LINES:
        return [_chunk_rows(level1, level2_groups)]
    # Too tall for one page: one chunk per 二级 (or per page-sized run of a very long 二级), each
    # printing its 一级 and 二级 names again, so no page shows rows without their labels.
    return [_chunk_rows(level1, [piece]) for l2, rows in level2_groups for piece in _pieces(l2, rows, split)]


def chunk_indicators(block):
    chunks = []
    for level1, level2_groups in block.groups:
        chunks += chunk_group(level1, level2_groups, block.split)
    return PrintIndicators(block.title, block.split, chunks, block.columns, block.side_width, block.has_level1,
                           block.has_level2)


def for_print(section):
    """The section's blocks, indicator blocks chunked for page breaks; the order stays the reading's."""
    section.blocks = [chunk_indicators(b) if b.kind == "indicators" else b for b in section.blocks]
    return section


def marker_for(filing):
    """The word across every page: imported history, or a draft; approved forms carry none."""
    if filing.is_imported:
        return "历史导入"
    if filing.status != Filing.Status.APPROVED:
        return "草稿"
    return ""


def bookmark(number, year, extra=""):
    return f"附件{number}{extra} {year}年{TITLES[number]}"


def build_context(filing, attachments=ATTACHMENTS):
    reading = read_filing(filing)
    f = reading.filing
    sections = [for_print(s) for s in reading.sections]
    if f.is_project:
        # One stand-alone form: no 附件 pages, whatever attachments were asked for.
        form = reading.packet.form
        return {"filing": f, "project": sections[0], "attachments": [], "marker": marker_for(f),
                "money_unit": (form.money_unit if form else "") or "万元",
                "doc_title": f"{f.year}年{form.name.strip() if form else f.department_name}项目支出绩效目标表"}
    sheets = [s for s in sections if s.attachment == 3]
    one_table = bool(f.layout.label("sheets_table"))  # every project on the one page: no 附件3 pages
    for s in sheets:
        extra = f"（{s.number}/{s.count}）" if s.count > 1 else ""
        s.bookmark = f"附件3{extra} {s.sheet.name.strip()}"
    # A layout without 附件2 / 附件3 (Chongqing) prints no page for them, not even an empty one.
    present = {s.attachment for s in sections} | ({3} if f.layout.has_attachment3 and not one_table else set())
    return {
        "filing": f,
        "attachments": [a for a in ATTACHMENTS if a in attachments and a in present],
        "att1": sections[0],
        "att2": next((s for s in sections if s.attachment == 2), None),
        "sheets": sheets,
        "marker": marker_for(f),
        "bookmarks": {n: bookmark(n, f.year) for n in ATTACHMENTS},
        # A single attachment carries its own name in the PDF title, as its download file name does.
        "doc_title": f"{f.year}年{f.department_name}绩效目标表"
        + ("" if len(attachments) != 1 else f" 附件{attachments[0]}"),
    }
