"""A filing as the blocks a reader meets, in its forms' reading order.

Every view of a filing (the web page, show_filing's text, the PDF, a wizard's 检查 step) renders
read_filing()'s blocks and nothing else, so what a filing shows and in which order is decided
here once:

附件1  money (收入性质/支出性质) · 部门职责概述 · 年度重点工作计划 · 年度总体目标 ·
       indicators per period (实施期 before 年度)
附件2  the 支出方向 rows with their child rows and 合计
附件3  per sheet: header · 资金构成 · 立项依据 and goals · indicators per period
项目   (a project filing, one section with no 附件 number) header · 项目资金 · 立项依据 … 必要性 ·
       成本测算 · 实施进度计划 · 长期/年度目标 · indicators per period · 保障措施 · sign-offs

Each block has a `kind` the renderers dispatch on (a template per kind, a text function per kind).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import prefetch_related_objects

from budgets.models import Indicator
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS

from .models.money import format_money
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
    """附件1 部门名称 and 年度预算申请: 资金总额, 按收入性质分 beside 按支出性质分 (where the layout has them)."""

    kind = "money"
    department_name: str
    total_amount: object
    income_rows: list  # [(label, amount)]; empty when the layout prints only the total
    expense_rows: list
    department_label: str = "部门名称"
    total_label: str = "资金总额"
    money_unit: str = "万元"
    income_label: str = "按收入性质分"
    expense_label: str = "按支出性质分"
    amount_column: str = ""  # a 当年金额 column title, where the form prints one

    @property
    def span(self):
        """Rows under 年度预算申请: the total's line, then the heading and rows of the 收入/支出 table."""
        return (1 if self.total_label else 0) + (1 + len(self.rows) if self.rows else 0)

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
class FormFieldsBlock:
    """其他栏目 of one place (under the title, in the header, at the foot): label and text as printed;
    a label with no text is a box the form leaves blank."""

    kind = "form_fields"
    place: str
    pairs: list  # [(label, text)]


def form_fields_block(packet, place):
    pairs = [(f.label, f.text) for f in packet.form_fields if f.place == place]
    return [FormFieldsBlock(place, pairs)] if pairs else []


@dataclass
class KeyTasksBlock:
    kind = "key_tasks"
    tasks: list
    with_amounts: bool  # modern forms print a 预算金额 per 事项


TIER_KEYS = ("level1", "level2")
# Column widths (per cent of the table at their weight) when the layout prints them: the seed's
# layout adds up to exactly its printed widths (9 · 11 · 15 · 33 · 20 · 12).
WIDTHS = {"side": 9, "direction": 7, "sheet_unit": 9, "sheet_name": 9, "sheet_amount": 9, "sheet_goal": 14, "level1": 11, "level2": 15, "name": 33, "value": 20, "remark": 12, "value_type": 8,
          "operator": 7, "unit": 8, "weight": 7, "explanation": 20, "scoring_rule": 20, "basis": 14,
          "last_year_value": 10, "is_core": 6}
# Short cells are centred, as printed.
CENTRED = {"direction", "level1", "level2", "value_type", "operator", "value", "unit", "weight", "last_year_value", "is_core"}


@dataclass
class Column:
    key: str
    label: str
    width: int = 0  # per cent, the table's columns add up to 100
    centred: bool = False


def cell_text(ind, key, split):
    """What one cell of an indicator row prints: the stored value, as typed."""
    if key == "value":
        if split and ind.value_number is not None:
            return format_money(ind.value_number)
        return ind.value_text
    if key == "weight":
        return format_money(ind.weight)
    if key == "is_core":
        return "★" if ind.is_core else ""
    if key == "level1":
        return ind.tier1
    if key == "level2":
        return ind.tier2
    return getattr(ind, key) or ""


@dataclass
class Line:
    """One printed indicator row: the row and its cells after the merged tier columns."""

    indicator: object
    cells: list  # [(Column, text)]

    # Grouping and the PDF's line estimates read the row's own fields.
    def __getattr__(self, name):
        return getattr(self.indicator, name)


def columns_of(layout, skip=()):
    cols = [Column(key, label, centred=key in CENTRED) for key, label in layout.columns if key not in skip]
    total = WIDTHS["side"] + sum(WIDTHS.get(c.key, 10) for c in cols)
    widths = [round(WIDTHS.get(c.key, 10) * 100 / total) for c in cols]
    widths[-1] += 100 - round(WIDTHS["side"] * 100 / total) - sum(widths)
    for c, w in zip(cols, widths, strict=True):
        c.width = w
    return round(WIDTHS["side"] * 100 / total), cols


@dataclass
class IndicatorBlock:
    """The indicator rows of one period of one table (附件1 or one 附件3), under their own title,
    in the filing's layout: its columns, in its order, under its labels."""

    kind = "indicators"
    period: str
    title: str
    indicators: list
    layout: object = None
    side_width: int = 9
    columns: list = field(default_factory=list)  # [Column] in printed order

    @property
    def split(self):
        """The layout has 指标性质 or 计量单位 of its own: the 指标值 cell holds the number alone."""
        return any(c.key in ("operator", "unit") for c in self.columns)

    @property
    def tier_columns(self):
        """The leading 一级 / 二级 columns, printed as merged cells."""
        out = []
        for c in self.columns:
            if c.key not in TIER_KEYS:
                break
            out.append(c)
        return out

    @property
    def has_level1(self):
        return any(c.key == "level1" for c in self.tier_columns)

    @property
    def has_level2(self):
        return any(c.key == "level2" for c in self.tier_columns)

    @property
    def cell_columns(self):
        return self.columns[len(self.tier_columns):]

    @property
    def lines(self):
        split, cols = self.split, self.cell_columns
        return [Line(ind, [(c, cell_text(ind, c.key, split)) for c in cols]) for ind in self.indicators]

    @property
    def groups(self):
        """[(一级, [(二级, [Line, …]), …]), …] by the printed names, for merged 一级/二级 cells."""
        merge = self.layout is None or self.layout.merge_tiers
        return group_indicators(self.lines, level1=self.has_level1, level2=self.has_level2, merge=merge)


@dataclass
class PairedIndicatorsBlock:
    """长期 and 年度 indicators side by side in one table (88号 style): row i of one beside row i of
    the other, 一级 once per row, each half under the layout's labels plus its suffix."""

    kind = "paired_indicators"
    title: str
    left: IndicatorBlock  # 实施期/长期
    right: IndicatorBlock  # 年度
    left_suffix: str
    right_suffix: str

    @property
    def columns(self):
        return self.right.columns

    @property
    def half_columns(self):
        return [c for c in self.columns if c.key != "level1"]

    @property
    def widths(self):
        """Per cent: side, 一级, then each half's columns (the two halves share the rest)."""
        side, level1 = 8, 10 if self.has_level1 else 0
        n = len(self.half_columns) * 2 or 1
        each = (100 - side - level1) // n
        return side, level1, each, 100 - side - level1 - each * (n - 1)

    @property
    def has_level1(self):
        return any(c.key == "level1" for c in self.columns)

    @property
    def rows(self):
        """[(一级, left cells, right cells)]: cells are [(Column, text)], blank where a half has no row i."""
        left, right = self.left.indicators, self.right.indicators
        out = []
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else None
            b = right[i] if i < len(right) else None
            level1 = (b.tier1 if b is not None else "") or (a.tier1 if a is not None else "")
            out.append((level1, self._cells(a), self._cells(b)))
        return out

    def _cells(self, ind):
        split = self.right.split
        return [(c, cell_text(ind, c.key, split) if ind is not None else "") for c in self.half_columns]


SHEET_KEYS = ("sheet_unit", "sheet_name", "sheet_amount", "sheet_goal")


def sheet_cell(sheet, key):
    """A project's own cell in a one-table layout: 单位名称, 项目名称, 预算数, 年度目标."""
    if key == "sheet_unit":
        return sheet.implementing_unit
    if key == "sheet_name":
        return sheet.name
    if key == "sheet_amount":
        return format_money(sheet.amount)
    return sheet.annual_goal


@dataclass
class SheetsTableBlock:
    """Every 附件3 sheet in one table (四川2023 部门预算项目绩效目标申报表): each project's own cells
    merged over its indicator rows, then the rows' cells, all under the layout's labels."""

    kind = "sheets_table"
    sheets: list  # [SheetPacket]
    columns: list  # [Column], the layout's, in printed order

    # Twelve columns on a portrait page: the project's cells and short cells take what they need.
    TABLE_WIDTHS = {"sheet_unit": 9, "sheet_name": 8, "sheet_amount": 12, "sheet_goal": 12, "level1": 7,
                    "level2": 8, "name": 14, "operator": 5, "value": 7, "unit": 6, "weight": 5, "direction": 7}

    def __post_init__(self):
        weights = [self.TABLE_WIDTHS.get(c.key, WIDTHS.get(c.key, 10)) for c in self.columns]
        total = sum(weights) or 1
        widths = [round(w * 100 / total) for w in weights]
        if widths:
            widths[-1] += 100 - sum(widths)
        self.columns = [Column(c.key, c.label, w, c.centred) for c, w in zip(self.columns, widths, strict=True)]

    @property
    def sheet_columns(self):
        return [c for c in self.columns if c.key in SHEET_KEYS]

    @property
    def row_columns(self):
        return [c for c in self.columns if c.key not in SHEET_KEYS]

    @property
    def split(self):
        return any(c.key in ("operator", "unit") for c in self.columns)

    @property
    def projects(self):
        """[(sheet cells [(Column, text)], rows [[(Column, text)]] (at least one, blank if none))]."""
        out = []
        for sp in self.sheets:
            cells = [(c, sheet_cell(sp.sheet, c.key)) for c in self.sheet_columns]
            rows = [[(c, cell_text(ind, c.key, self.split)) for c in self.row_columns] for ind in sp.indicators]
            out.append((cells, rows or [[(c, "") for c in self.row_columns]]))
        return out


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
    layout: object = None

    def _label(self, key, default):
        return self.layout.label(key, default) if self.layout is not None else default

    @property
    def name_label(self):
        return self._label("sheet_name", "支出方向（子项）")

    @property
    def fund_label(self):
        return self._label("fund", "所属专项")

    @property
    def amount_label(self):
        return self._label("amount", "项目金额")

    @property
    def period_label(self):
        return self._label("period", "项目实施期")

    @property
    def unit_label(self):
        return self._label("implementing_unit", "实施单位")


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
    period_goal_label: str = "实施期绩效目标"
    annual_goal_label: str = "年度绩效目标"
    layout_has_period_goal: bool = True

    @property
    def shows_period_goal(self):
        """A layout with 年度 goals only (四川2023) prints no 实施期 row, unless one was filled anyway."""
        return self.layout_has_period_goal or bool(self.period_goal.strip())


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
    title_fields: list = field(default_factory=list)  # a project form's own line under its title, as printed
    money_unit_label: str = "金额单位"
    money_unit: str = "万元"
    plain: bool = False  # a form printed without 附件 numbers (one-table layouts)

    @property
    def label(self):
        return f"附件{self.attachment}" if self.attachment and not self.plain else ""


@dataclass
class Reading:
    filing: object
    packet: object
    split: bool
    sections: list
    layout: object = None

    def blocks(self):
        """Every block of the filing, in reading order."""
        for section in self.sections:
            yield from section.blocks

    def of(self, attachment):
        return [s for s in self.sections if s.attachment == attachment]


def indicator_blocks(indicators, layout):
    """One block per period that has rows, in the layout's order and under its titles; a table with
    no rows at all still shows its (empty) 年度 block, as the blank form does. A row of a period the
    layout has no block for is shown under that period's usual title rather than hidden."""
    # A project's own cells (one-table layouts) belong to its rows in the one table, not to 附件1's.
    side, columns = columns_of(layout, skip=SHEET_KEYS)
    by_period = {}
    for ind in indicators:
        by_period.setdefault(ind.period, []).append(ind)
    titles = [(p, t) for p, t in layout.blocks] + [(p, t) for p, t in PERIOD_TITLES
                                                   if p not in {b[0] for b in layout.blocks}]
    order = {p: i for i, (p, _) in enumerate(PERIOD_TITLES)}
    titles.sort(key=lambda pt: order[pt[0]])
    blocks = [IndicatorBlock(period, title, by_period[period], layout, side, columns)
              for period, title in titles if period in by_period]
    annual = layout.block_title(Indicator.Period.ANNUAL) or "年度绩效指标"
    pair = layout.label("pair_implementation"), layout.label("pair_annual")
    if all(pair) and blocks:
        left = next((b for b in blocks if b.period == Indicator.Period.IMPLEMENTATION), None)
        right = next((b for b in blocks if b.period == Indicator.Period.ANNUAL), None)
        left = left or IndicatorBlock(Indicator.Period.IMPLEMENTATION, "", [], layout, side, columns)
        right = right or IndicatorBlock(Indicator.Period.ANNUAL, annual, [], layout, side, columns)
        return [PairedIndicatorsBlock(annual, left, right, *pair)]
    return blocks or [IndicatorBlock(Indicator.Period.ANNUAL, annual, [], layout, side, columns)]


def read_filing(filing, packet=None):
    """The filing's sections and blocks in reading order (a fixed number of queries)."""
    packet = packet or load_packet(filing)
    f = packet.filing
    layout = f.layout
    label = layout.label
    if f.is_project:
        return Reading(f, packet, _split(layout), [project_section(f, packet, layout)], layout)
    prefetch_related_objects([sp.sheet for sp in packet.sheets], "fundings")

    money = money_block(f, layout)
    att1 = [*form_fields_block(packet, "title"), money, *form_fields_block(packet, "header")]
    if label("duties"):
        att1.append(TextBlock(label("duties"), f.duties))
    if label("key_tasks"):
        att1.append(KeyTasksBlock(packet.key_tasks, any(t.amount is not None for t in packet.key_tasks)))
    if f.overall_goal.strip():
        att1.append(TextBlock(label("overall_goal", "年度总体目标"), f.overall_goal))
    if label("sheets_table"):
        # One table of every project: no 附件 numbers, no 附件2/附件3 pages (rows stored anyway still show).
        if packet.indicators:
            att1 += indicator_blocks(packet.indicators, layout)
        att1.append(SheetsTableBlock(packet.sheets, columns_of(layout)[1]))
        att1 += form_fields_block(packet, "footer")
        title = f"{label('sheets_table')}（{f.year}年度）"
        sections = [Section(1, title, "att1", att1, money_unit=f.money_unit, plain=True)]
        if any(_more_than_a_carrier(lp, layout) for lp in packet.lines):
            sections.append(Section(2, f"{f.year}年{TITLES[2]}", "att2",
                                    [SubItemsBlock(lines_total(packet), packet.lines)], money_unit=f.money_unit))
        return Reading(f, packet, _split(layout), sections, layout)
    att1 += indicator_blocks(packet.indicators, layout)
    att1 += form_fields_block(packet, "footer")
    title = f"{f.year}年{label('title') or TITLES[1]}"  # the layout's own title where it prints one
    sections = [Section(1, title, "att1", att1, money_unit=f.money_unit)]
    # A layout without 附件2 / 附件3 (Chongqing) has no such pages; rows stored anyway still show, except
    # 附件2 rows that only carry a 附件3 sheet (a form that prints its projects without a 汇总表).
    if layout.has_attachment2 or any(_more_than_a_carrier(lp, layout) for lp in packet.lines):
        sections.append(Section(2, f"{f.year}年{TITLES[2]}", "att2", [SubItemsBlock(lines_total(packet), packet.lines)],
                                money_unit=f.money_unit))
    if not (layout.has_attachment3 or packet.sheets):
        return Reading(f, packet, _split(layout), sections, layout)
    count = len(packet.sheets)
    for i, sp in enumerate(packet.sheets, start=1):
        s = sp.sheet
        blocks = [SheetHeaderBlock(s, sp.line, layout)]
        fundings = [(fu.get_source_display(), fu.amount) for fu in s.fundings.all()]
        if fundings:
            blocks.append(FundingBlock(fundings))
        blocks.append(SheetGoalsBlock(s.basis, s.period_goal, s.annual_goal,
                                      label("period_goal", "实施期绩效目标"), label("annual_goal", "年度绩效目标"),
                                      label("period_goal") is not None))
        blocks += indicator_blocks(sp.indicators, layout)
        sections.append(Section(3, f"{f.year}年{TITLES[3]}", f"att3-{i}", blocks, i, count, s, sp.line,
                                money_unit=f.money_unit))
    return Reading(f, packet, _split(layout), sections, layout)


def money_block(f, layout):
    """附件1 部门名称 and its money, as the layout prints them."""
    label = layout.label
    if label("income_total"):
        total_label = None  # 资金总额 is the income 合计 row of the grid (88号), not a line of its own
    elif label("sheets_table") and "total_amount" not in layout.header and f.total_amount is None:
        total_label = None  # a one-table form (四川2023) prints no 年度预算申请 line unless one was filed
    else:
        total_label = label("total_amount", "资金总额")
    return MoneyBlock(f.department_name, f.total_amount,
                      _money_rows(f, layout, "income") if label("income") else [],
                      _money_rows(f, layout, "expense") if label("expense") else [],
                      label("department_name", "部门名称"), total_label, f.money_unit,
                      label("income", "按收入性质分"), label("expense", "按支出性质分"), label("amount_column", ""))


def _money_rows(f, layout, side):
    """附件1 收入性质 / 支出性质 rows: the layout's own rows under its labels where it names them
    (88号: 财政拨款, 其他资金, 合计), else the usual ones."""
    fields = INCOME_FIELDS if side == "income" else EXPENSE_FIELDS
    named = [(field, layout.label(field)) for field, _ in fields if layout.label(field)]
    if not named:
        return f.income_rows() if side == "income" else f.expense_rows()
    rows = [(label, getattr(f, field)) for field, label in named]
    if side == "income" and layout.label("income_total"):
        rows.append((layout.label("income_total"), f.total_amount))
    return rows


def _more_than_a_carrier(lp, layout):
    line = lp.line
    carries = layout.has_attachment3 and getattr(line, "sheet", None) is not None
    return (not carries or lp.children or line.amount is not None or line.period_goal.strip()
            or line.annual_goal.strip() or line.seq.strip())


def _split(layout):
    return layout.has_column("operator") or layout.has_column("unit")


# --- 项目支出绩效目标（申报）表 -------------------------------------------------------------------

PROJECT_TITLE = "项目支出绩效目标（申报）表"


def typed_amount(amount, text):
    """An amount as the form printed it (「968.1918」 keeps its digits), else as we format it."""
    return text.strip() if text and text.strip() else format_money(amount)


@dataclass
class ProjectHeaderBlock:
    """项目名称, 主管部门, 实施单位, 项目负责人及电话, 项目属性/类别/性质 (tick boxes as printed), 所属专项, 实施期."""

    kind = "project_header"
    pairs: list  # [(label, text)], printed two to a row


@dataclass
class ProjectMoneyBlock:
    """项目资金: the total, then each printed 资金 row (label, source/level, amount as typed)."""

    kind = "project_money"
    total_label: str
    total: str
    rows: list  # [ProjectMoney]
    unit: str
    amount_label: str = "资金总额"  # the total's own label; total_label heads the block (项目资金)

    @property
    def lines(self):
        return [(r.label, r.source, typed_amount(r.amount, r.amount_text)) for r in self.rows]


@dataclass
class ProjectCostBlock:
    """成本测算: rows and their 合计 (the sum of the amounts, blanks counting 0)."""

    kind = "project_cost"
    rows: list  # [ProjectCost]
    unit: str

    @property
    def lines(self):
        return [(r.item, typed_amount(r.amount, r.amount_text), r.basis, r.last_year) for r in self.rows]

    @property
    def total(self):
        return format_money(sum((r.amount or Decimal(0) for r in self.rows), start=Decimal(0)))


@dataclass
class ScheduleBlock:
    """实施进度计划: 阶段 · 时间 · 内容."""

    kind = "schedule"
    rows: list  # [ProjectStage]

    @property
    def has_until(self):
        """The form prints 开始时间 and 完成时间 in two columns."""
        return any(r.until.strip() for r in self.rows)


@dataclass
class SignOffBlock:
    """填报人、负责人、日期 as printed under the form."""

    kind = "sign_off"
    filled_by: str
    signed_by: str
    signed_on: str
    filled_by_label: str = "填报人"
    signed_by_label: str = "负责人"
    signed_on_label: str = "日期"


def project_section(f, packet, layout):
    """A project filing is one form: one section, no 附件 numbers; every label is the layout's."""
    form = packet.form
    label = layout.label
    if form is None:
        blocks = [TextBlock(label("sheet_name", "项目名称"), "")]
        return Section(0, PROJECT_TITLE, "project", blocks + indicator_blocks(packet.indicators, layout))
    pairs = [(label("sheet_name", "项目名称"), form.name)]
    if label("department_name"):  # a form that names the unit whose budget it is (预算部门)
        pairs.append((label("department_name"), f.department_name))
    pairs += [(label("supervisor", "主管部门"), form.supervisor),
              (label("implementing_unit", "实施单位"), form.implementing_unit),
              (label("leader", "项目负责人及电话"), form.leader)]
    pairs += [(lbl, text) for lbl, text in ((label("attribute", "项目属性"), form.attribute_text),
                                             (label("category", "项目类别"), form.category_text),
                                             (label("nature", "项目性质"), form.nature_text),
                                             (label("fund", "所属专项"), form.fund_text)) if text.strip()]
    pairs.append((label("period", "项目实施期"), form.period_text))
    blocks = [ProjectHeaderBlock(pairs), *form_fields_block(packet, "header"),
              ProjectMoneyBlock(label("amount", "项目资金"), typed_amount(form.amount, form.amount_text),
                                list(form.money_rows.all()), form.money_unit, label("total_amount", "资金总额"))]
    for key, default, text in (("basis", "立项依据", form.basis), ("overview", "项目概况", form.overview),
                               ("feasibility", "可行性", form.feasibility), ("necessity", "必要性", form.necessity)):
        if text.strip():
            blocks.append(TextBlock(label(key, default), text))
    costs, stages = list(form.cost_rows.all()), list(form.stages.all())
    if costs:
        blocks.append(ProjectCostBlock(costs, form.money_unit))
    if stages:
        blocks.append(ScheduleBlock(stages))
    if label("period_goal") or form.period_goal.strip():  # a form with 年度 goals only prints no 长期 row
        blocks.append(TextBlock(label("period_goal", "长期目标"), form.period_goal))
    blocks.append(TextBlock(label("annual_goal", "年度目标"), form.annual_goal))
    blocks += indicator_blocks(packet.indicators, layout)
    if form.safeguards.strip():
        blocks.append(TextBlock(label("safeguards", "保障措施"), form.safeguards))
    if form.filled_by or form.signed_by or form.signed_on:
        blocks.append(SignOffBlock(form.filled_by, form.signed_by, form.signed_on, label("filled_by", "填报人"),
                                   label("signed_by", "负责人"), label("signed_on", "日期")))
    blocks += form_fields_block(packet, "footer")
    # The line under the title: the form's own (「(2022年度)」, 「单位：万元」) in place of ours.
    title_fields = [(fd.label, fd.text) for fd in packet.form_fields if fd.place == "title"]
    return Section(0, label("title", PROJECT_TITLE), "project", blocks, title_fields=title_fields,
                   money_unit_label=label("money_unit", "金额单位"))
