"""What goes where on the printed forms: the filing read once, arranged into print-ready pieces.

Templates stay dumb; the decisions that need arithmetic (which rows share a merged cell, which
rows must stay on one page, which columns a framework prints) are made here.
"""

import math
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from budgets.models import Filing
from budgets.packet import group_indicators, lines_total, load_packet
from indicators.models import Framework, Indicator

ATTACHMENTS = (1, 2, 3)
TITLES = {
    1: "部门整体支出绩效目标表",
    2: "专项资金预算绩效目标汇总表",
    3: "专项资金支出方向绩效目标表",
}
PERIOD_BLOCKS = [
    (Indicator.Period.IMPLEMENTATION, "实施期绩效指标"),
    (Indicator.Period.ANNUAL, "年度绩效指标"),
]

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
class Block:
    title: str
    chunks: list


@dataclass
class SheetView:
    number: int
    sheet: object
    line: object
    blocks: list
    fundings: list
    bookmark: str


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


def indicator_blocks(indicators, split=False):
    """One block per period present (实施期 first, as the forms list it), 年度 when there is none."""
    by_period = {}
    for ind in indicators:
        by_period.setdefault(ind.period, []).append(ind)
    blocks = []
    for period, title in PERIOD_BLOCKS:
        if period in by_period:
            chunks = []
            for level1, level2_groups in group_indicators(by_period[period]):
                chunks += chunk_group(level1, level2_groups, split)
            blocks.append(Block(title, chunks))
    return blocks or [Block("年度绩效指标", [])]


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
    packet = load_packet(filing)
    f = packet.filing
    prefetch_related_objects([sp.sheet for sp in packet.sheets], "fundings")
    split = f.framework.layout == Framework.Layout.SPLIT
    sheets = []
    count = len(packet.sheets)
    for i, sp in enumerate(packet.sheets, start=1):
        extra = f"（{i}/{count}）" if count > 1 else ""
        sheets.append(SheetView(
            number=i,
            sheet=sp.sheet,
            line=sp.line,
            blocks=indicator_blocks(sp.indicators, split),
            fundings=[(fu.get_source_display(), fu.amount) for fu in sp.sheet.fundings.all()],
            bookmark=f"附件3{extra} {sp.sheet.name.strip()}",
        ))
    return {
        "filing": f,
        "packet": packet,
        "attachments": [a for a in ATTACHMENTS if a in attachments],
        "split": split,
        "overall_blocks": indicator_blocks(packet.indicators, split),
        "task_amounts": any(t.amount is not None for t in packet.key_tasks),
        "lines_total": lines_total(packet),
        "sheets": sheets,
        "marker": marker_for(f),
        "bookmarks": {n: bookmark(n, f.year) for n in ATTACHMENTS},
        # A single attachment carries its own name in the PDF title, as its download file name does.
        "doc_title": f"{f.year}年{f.department_name}绩效目标表"
        + ("" if len(attachments) != 1 else f" 附件{attachments[0]}"),
    }
