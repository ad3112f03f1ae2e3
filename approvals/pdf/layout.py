"""What goes where on the printed forms: the filing read once, arranged into print-ready pieces.

Templates stay dumb; the decisions that need arithmetic (which rows share a merged cell, which
rows must stay on one page, which columns a framework prints) are made here.
"""

from dataclasses import dataclass, field

from budgets.models import Filing, Indicator
from budgets.reading import TITLES, read_filing

from .measure import cell_mm, page_budget_mm

ATTACHMENTS = (1, 2, 3)

# A 一级 group is kept on one page (one <tbody>, break-inside: avoid) so its merged 一级/二级 cells
# never lose their label to a page break. A group that would not fit on a page is cut between rows
# into page-sized pieces, each printing its 一级 and 二级 names again (the merged cell continues on the
# next page, as in Word, and says again what it is), so no page shows rows without their labels. A row
# taller than a page is a piece of its own that may break inside (tbody.tall in print.css).


@dataclass
class Row:
    indicator: Indicator
    level2_span: int = 0  # rowspan of the 二级 cell on this row, 0 when merged into a row above


@dataclass
class Chunk:
    """Rows printed as one <tbody>, with the 一级 cell merged over all of them: unbreakable, unless
    its one row is taller than a page (tall)."""

    level1: object
    rows: list = field(default_factory=list)
    tall: bool = False


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


class _Heights:
    """Printed heights (mm) of one indicator table's rows, labels and header."""

    def __init__(self, block):
        self.split = block.split
        self.widths = {c.key: c.width for c in block.columns}
        self.level1 = block.has_level1
        self.level2 = block.has_level2
        header = [cell_mm(c.label, c.width, self.split) for c in block.columns]
        if len(block.title) <= 12:  # a longer title is a caption above the table, printed once
            header.append(cell_mm(block.title, block.side_width, self.split))
        self.budget = page_budget_mm(max(header, default=0))
        self._rows = {}  # id(line) → mm: a row is measured once however often its chunk is

    def row(self, line):
        key = id(line)
        if key not in self._rows:
            self._rows[key] = max((cell_mm(text, c.width, self.split) for c, text in line.cells), default=0)
        return self._rows[key]

    def label(self, key, text):
        return cell_mm(text, self.widths.get(key, 100), self.split)

    def chunk(self, level1, runs):
        """A chunk's height: its rows, or a merged label cell taller than the rows it spans."""
        total = 0
        for level2, lines in runs:
            rows = sum(self.row(line) for line in lines)
            total += max(rows, self.label("level2", level2)) if self.level2 else rows
        return max(total, self.label("level1", level1)) if self.level1 else total


def _chunk(level1, runs, tall=False):
    chunk = Chunk(level1, tall=tall)
    for _, rows in runs:
        for i, ind in enumerate(rows):
            chunk.rows.append(Row(ind, len(rows) if i == 0 else 0))
    return chunk


def _with(runs, level2, line):
    """The runs [(二级, rows)] with the line added: to the last run when it is the same 二级."""
    if runs and runs[-1][0] == level2:
        return [*runs[:-1], (level2, [*runs[-1][1], line])]
    return [*runs, (level2, [line])]


def chunk_group(level1, level2_groups, heights):
    """The group as one chunk when it fits on a page; else cut between rows into page-sized chunks."""
    if heights.chunk(level1, level2_groups) <= heights.budget:
        return [_chunk(level1, level2_groups)]
    chunks, runs = [], []
    for level2, lines in level2_groups:
        for line in lines:
            if heights.chunk(level1, [(level2, [line])]) > heights.budget:
                # Taller than a page on its own: printed alone, breaking inside the row.
                if runs:
                    chunks.append(_chunk(level1, runs))
                chunks.append(_chunk(level1, [(level2, [line])], tall=True))
                runs = []
                continue
            grown = _with(runs, level2, line)
            if runs and heights.chunk(level1, grown) > heights.budget:
                chunks.append(_chunk(level1, runs))
                grown = [(level2, [line])]
            runs = grown
    if runs:
        chunks.append(_chunk(level1, runs))
    return chunks


def chunk_indicators(block):
    heights = _Heights(block)
    chunks = []
    for level1, level2_groups in block.groups:
        chunks += chunk_group(level1, level2_groups, heights)
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
