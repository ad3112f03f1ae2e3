"""A filing as the blocks a reader meets, in its forms' reading order.

Every view of a filing (the web page, show_filing's text, the PDF, a wizard's 检查 step) renders
read_filing()'s blocks and nothing else, so what a filing shows and in which order is decided
here once:

附件1  money (收入性质/支出性质) · 部门职责概述 · 年度重点工作计划 · 年度总体目标 ·
       indicators per period (实施期 before 年度)
附件2  the 支出方向 rows with their child rows and 合计
附件3  per sheet: header · 资金构成 · 立项依据 and goals · indicators per period

Each block has a `kind` the renderers dispatch on (a template per kind, a text function per kind).
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from budgets.models import Indicator
from indicators.models import Framework

from .packet import group_indicators, lines_total, load_packet

TITLES = {
    1: "部门整体支出绩效目标表",
    2: "专项资金预算绩效目标汇总表",
    3: "专项资金支出方向绩效目标表",
}
PERIOD_TITLES = [
    (Indicator.Period.IMPLEMENTATION, "实施期绩效指标"),
    (Indicator.Period.ANNUAL, "年度绩效指标"),
]


@dataclass
class MoneyBlock:
    """附件1 部门名称 and 年度预算申请: 资金总额, 按收入性质分 beside 按支出性质分."""

    kind = "money"
    department_name: str
    total_amount: object
    income_rows: list  # [(label, amount)]
    expense_rows: list

    @property
    def rows(self):
        """Table rows: (income label, amount, expense label or None, amount); the longer list sets the count."""
        n = max(len(self.income_rows), len(self.expense_rows))
        pad = [(None, None)] * n
        return [(*i, *e) for i, e in zip(self.income_rows + pad[len(self.income_rows):],
                                          self.expense_rows + pad[len(self.expense_rows):], strict=True)]


@dataclass
class TextBlock:
    """One labelled text cell across the form: 部门职责概述, 年度总体目标."""

    kind = "text"
    label: str
    text: str


@dataclass
class KeyTasksBlock:
    kind = "key_tasks"
    tasks: list
    with_amounts: bool  # modern forms print a 预算金额 per 事项


@dataclass
class IndicatorBlock:
    """The indicator rows of one period of one table (附件1 or one 附件3), under their own title."""

    kind = "indicators"
    period: str
    title: str
    indicators: list
    split: bool  # 101号 layout: 指标性质 · 指标值 · 计量单位 · 权重 in their own columns

    @property
    def groups(self):
        """[(level1, [(level2, [indicator, …]), …]), …] for merged 一级/二级 cells."""
        return group_indicators(self.indicators)


@dataclass
class SubItemsBlock:
    """附件2: 合计 first, then each top row followed by its child rows."""

    kind = "sub_items"
    total: object
    lines: list  # [LinePacket]

    @property
    def rows(self):
        return [(line, line.parent_id is not None) for lp in self.lines for line in [lp.line, *lp.children]]


@dataclass
class SheetHeaderBlock:
    """附件3 header: 支出方向（子项）, 所属专项, the other provinces' fields, 项目金额, 项目实施期."""

    kind = "sheet_header"
    sheet: object
    line: object  # its 附件2 row


@dataclass
class FundingBlock:
    """附件3 资金构成, by source; only on sheets that have one."""

    kind = "funding"
    rows: list  # [(label, amount)]


@dataclass
class SheetGoalsBlock:
    """附件3 立项依据 (when filled), 实施期绩效目标, 年度绩效目标."""

    kind = "sheet_goals"
    basis: str
    period_goal: str
    annual_goal: str


@dataclass
class Section:
    """One attachment (附件1, 附件2) or one 附件3 sheet: a page of its own when printed."""

    attachment: int
    title: str  # 2021年部门整体支出绩效目标表
    anchor: str  # att1, att2, att3-1 … (the findings panel links here)
    blocks: list = field(default_factory=list)
    number: int = 0  # 附件3 sheets: 1 … count
    count: int = 0
    sheet: object = None
    line: object = None  # a 附件3 sheet's 附件2 row

    @property
    def label(self):
        return f"附件{self.attachment}"


@dataclass
class Reading:
    filing: object
    packet: object
    split: bool
    sections: list

    def blocks(self):
        """Every block of the filing, in reading order."""
        for section in self.sections:
            yield from section.blocks

    def of(self, attachment):
        return [s for s in self.sections if s.attachment == attachment]


def indicator_blocks(indicators, split):
    """One block per period that has rows, 实施期 first; a table with no rows at all still shows
    its (empty) 年度 block, as the blank form does."""
    by_period = {}
    for ind in indicators:
        by_period.setdefault(ind.period, []).append(ind)
    blocks = [IndicatorBlock(period, title, by_period[period], split)
              for period, title in PERIOD_TITLES if period in by_period]
    return blocks or [IndicatorBlock(Indicator.Period.ANNUAL, "年度绩效指标", [], split)]


def read_filing(filing, packet=None):
    """The filing's sections and blocks in reading order (a fixed number of queries)."""
    packet = packet or load_packet(filing)
    f = packet.filing
    split = f.framework.layout == Framework.Layout.SPLIT
    prefetch_related_objects([sp.sheet for sp in packet.sheets], "fundings")

    att1 = [
        MoneyBlock(f.department_name, f.total_amount, f.income_rows(), f.expense_rows()),
        TextBlock("部门职责概述", f.duties),
        KeyTasksBlock(packet.key_tasks, any(t.amount is not None for t in packet.key_tasks)),
    ]
    if f.overall_goal.strip():
        att1.append(TextBlock("年度总体目标", f.overall_goal))
    att1 += indicator_blocks(packet.indicators, split)
    sections = [
        Section(1, f"{f.year}年{TITLES[1]}", "att1", att1),
        Section(2, f"{f.year}年{TITLES[2]}", "att2", [SubItemsBlock(lines_total(packet), packet.lines)]),
    ]
    count = len(packet.sheets)
    for i, sp in enumerate(packet.sheets, start=1):
        s = sp.sheet
        blocks = [SheetHeaderBlock(s, sp.line)]
        fundings = [(fu.get_source_display(), fu.amount) for fu in s.fundings.all()]
        if fundings:
            blocks.append(FundingBlock(fundings))
        blocks.append(SheetGoalsBlock(s.basis, s.period_goal, s.annual_goal))
        blocks += indicator_blocks(sp.indicators, split)
        sections.append(Section(3, f"{f.year}年{TITLES[3]}", f"att3-{i}", blocks, i, count, s, sp.line))
    return Reading(f, packet, split, sections)
