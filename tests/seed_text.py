"""An independent reading of the seed text (the Word original saved as text).

Deliberately separate from budgets/demo/jinglong-2021.json: tests compare what the app loaded
against what this parser reads from the original, so a transcription slip in the fixture fails.

The text is a table dump: rows are separated by blank lines, every cell starts with a tab, and a
cell's further lines follow without a tab. Two artefacts of the extraction are handled explicitly:
the first 附件3 title is glued onto the last 附件2 row, and the very last 备注 cell lost its tab.
"""

import re
from dataclasses import dataclass, field


@dataclass
class SeedIndicator:
    level1: str
    level2: str
    name: str
    value: str
    remark: str


@dataclass
class SeedSheet:
    name: str
    fund_text: str
    amount: str
    period: str
    period_goal: str
    annual_goal: str
    indicators: list = field(default_factory=list)


@dataclass
class Seed:
    department_name: str = ""
    total: str = ""
    income: dict = field(default_factory=dict)
    expense: dict = field(default_factory=dict)
    duties: str = ""
    key_tasks: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    att2_total: str = ""
    att2_rows: list = field(default_factory=list)  # (seq, name, amount, period_goal, annual_goal)
    sheets: list = field(default_factory=list)


def _rows(text):
    for chunk in re.split(r"\n\n+", text):
        if not chunk.strip("\n"):
            continue
        cells = re.split(r"(?:^|\n) *\t", chunk)
        if cells and cells[0] == "":
            cells = cells[1:]
        yield cells


def _indicator_rows(rows, i):
    """Read indicator rows from rows[i] on; returns (indicators, next index)."""
    out, l1, l2 = [], "", ""
    while i < len(rows) and len(rows[i]) >= 5 and rows[i][0] == "":
        cells = list(rows[i])
        if len(cells) == 5:  # the last 备注 lost its tab: "90%\n "
            value, _, remark = cells[4].partition("\n")
            cells = cells[:4] + [value, remark]
        l1 = cells[1] or l1
        l2 = cells[2] or l2
        out.append(SeedIndicator(l1, l2, cells[3], cells[4], cells[5]))
        i += 1
    return out, i


def parse_seed(text):
    rows = list(_rows(text))
    seed = Seed()
    i = next(n for n, r in enumerate(rows) if r[0] == "部门名称")
    seed.department_name = rows[i][1]
    seed.total = rows[i + 1][1].split("：", 1)[1]
    inc = [r for r in rows[i + 3 : i + 6]]
    seed.income = {r[1].strip().removeprefix("其中："): r[2] for r in inc}
    seed.expense = {r[3].strip().removeprefix("其中："): r[4] for r in inc if len(r) > 4 and r[3].strip()}
    i = next(n for n, r in enumerate(rows) if r[0] == "部门职责概述")
    seed.duties = rows[i][1]
    i += 2  # skip the 年度重点工作计划 header row
    while rows[i][0] == "" and rows[i][1].startswith("事项"):
        seed.key_tasks.append(tuple(rows[i][1:4]))
        i += 1
    assert rows[i][0] == "年度绩效指标"
    seed.indicators, i = _indicator_rows(rows, i + 1)

    i = next(n for n, r in enumerate(rows) if r[0] == "序号")
    total_row = rows[i + 1]
    assert total_row[1].replace(" ", "") == "合计"
    seed.att2_total = total_row[2]
    i += 2
    while len(rows[i]) >= 5:
        seed.att2_rows.append(tuple(rows[i][:5]))  # a 6th cell is the glued 附件3 title
        i += 1

    for n, r in enumerate(rows):
        if r[0].startswith("支出方向"):
            sheet = SeedSheet(name=r[1], fund_text=r[3], amount=rows[n + 1][1], period=rows[n + 1][3],
                              period_goal=rows[n + 2][1], annual_goal=rows[n + 3][1])
            assert rows[n + 4][0] == "年度绩效指标"
            sheet.indicators, _ = _indicator_rows(rows, n + 5)
            seed.sheets.append(sheet)
    return seed
