"""One validation run's view of a filing: its tables, rows with their parsed values, and locations.

Built once from a FilingPacket (no further queries) so that every rule reads the same parsed values
and nothing is parsed twice.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from indicators.models import Level2, Operator, Period
from indicators.values import EMPTY, GRADE, NUMBER, TEXT, ParsedValue, format_number, normalize, parse_value

from .findings import ATT1, ATT2, ATT3, FILING, Finding, Location

_SPACES = re.compile(r"\s+")


PROJECT_LABEL = "项目支出绩效目标表"


def quote(text, limit=30):
    """Cell text for a message: one line, trimmed, long text shortened."""
    text = _SPACES.sub(" ", (text or "").strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wan(value):
    """An amount for a message: 669.9, 0.06 (always in 万元)."""
    return format_number(value if value is not None else Decimal(0))


def same_name(a, b):
    """Names compare equal regardless of spaces and full-/half-width brackets."""
    return _SPACES.sub("", normalize(a)) == _SPACES.sub("", normalize(b))


def tier_name(ind):
    """A row's 二级 as printed (or its 一级 on a form without 二级, or the linked 二级's name)."""
    return (getattr(ind, "level2_name", "") or getattr(ind, "level1_name", "")
            or (ind.level2.name if ind.level2_id else ""))


@dataclass
class Table:
    """附件1's indicator table, or one 附件3 sheet with its table."""

    attachment: str
    location: Location
    index: int = 0  # 0 for 附件1, 1.. for 附件3 in page order
    sheet_packet: object = None
    rows: list = field(default_factory=list)

    @property
    def sheet(self):
        return self.sheet_packet.sheet if self.sheet_packet else None

    @property
    def line(self):
        return self.sheet_packet.line if self.sheet_packet else None

    @property
    def amount(self):
        """项目金额 of a 附件3; 附件1 has none."""
        return self.sheet.amount if self.sheet_packet else None


@dataclass
class Row:
    ind: object  # an indicator row: budgets.Indicator, or any object with its fields
    value: ParsedValue
    table: Table
    location: Location

    @cached_property
    def kind(self):
        """The linked 二级's meaning; a row whose printed names match no 二级 is "other"."""
        level2 = self.ind.level2 if self.ind.level2_id else None
        return level2.kind if level2 is not None else Level2.Kind.OTHER

    @property
    def tier2(self):
        return tier_name(self.ind)

    # Most rows produce no finding, so the narrowed locations are only built when one is reported.
    @cached_property
    def value_at(self):
        return self.location.at("value_text", "指标值")

    @cached_property
    def name_at(self):
        return self.location.at("name", "三级指标")

    @property
    def name(self):
        return self.ind.name.strip()

    @property
    def value_text(self):
        return self.ind.value_text.strip()

    @property
    def title(self):
        """How a message names the row: 产出成本「环卫作业服务费」."""
        name = quote(self.ind.name, 20)
        return f"{self.tier2}「{name}」" if name else self.tier2

    @property
    def subject(self):
        """The 三级 name, or the 二级 when the name is blank (message prefix)."""
        return quote(self.ind.name, 20) or self.tier2


class Review:
    def __init__(self, packet, settings, level2s):
        self.packet = packet
        self.filing = packet.filing
        self.settings = settings
        self.level2s = level2s  # the framework's whole tree: Level2 rows with their level1
        # The filing's layout (版式) as plain data: its column keys, whether it is a project form,
        # its weights' total. Rules read these, not the model.
        layout = self.filing.layout
        self.columns = set(layout.column_keys)
        self.split_layout = bool(self.columns & {"operator", "unit"})
        self.weight_total = layout.weight_total
        self.is_project_form = layout.is_project
        # A project filing (项目支出绩效目标（申报）表) is one form: its indicators are the filing's own
        # table, under the form's name; it has no 附件2 or 附件3.
        self.is_project_filing = self.filing.kind == "project"
        self.project_form = getattr(packet, "form", None) if self.is_project_filing else None
        self.att1 = Location(ATT1, label=PROJECT_LABEL if self.is_project_filing else "附件1")
        self.block_titles = [tuple(b) for b in layout.blocks]
        # What the layout prints: a header field it lacks is not asked for; a form without 附件2 has
        # no 附件2 amounts to reconcile; a one-table form (四川2023) has no 附件1 indicator table.
        self.header = dict(layout.header)
        self.has_attachment2 = layout.has_attachment2
        self.one_table = bool(self.header.get("sheets_table"))
        # The unit the filing's amounts are in (万元 nearly always; 07 prints 元). The cost rules read
        # 万/元 written in 指标值 against amounts in 万元, so they only run on a 万元 filing.
        self.unit = getattr(self.filing, "money_unit", "") or "万元"
        self.att2 = Location(ATT2, label="附件2")
        self.whole = Location(FILING, label="整份申报")
        self.line_locations = {}
        for lp in packet.lines:
            top = lp.line
            self.line_locations[top.pk] = Location(
                ATT2, line_id=top.pk, line_name=top.name.strip(),
                label=f"附件2 · {top.seq}「{quote(top.name, 20)}」",
            )
            for child in lp.children:
                self.line_locations[child.pk] = Location(
                    ATT2, line_id=child.pk, line_name=child.name.strip(),
                    label=f"附件2 · {top.seq}「{quote(top.name, 20)}」下「{quote(child.name, 20)}」",
                )
        self.tables = [Table(ATT1, self.att1)]
        for i, sp in enumerate(packet.sheets, start=1):
            loc = Location(ATT3, sheet_id=sp.sheet.pk, sheet_index=i, sheet_name=sp.sheet.name.strip(),
                           line_id=sp.line.pk, line_name=sp.line.name.strip(),
                           label=f"附件3（{i}）「{quote(sp.sheet.name, 20)}」")
            self.tables.append(Table(ATT3, loc, i, sp))
        for table, indicators in zip(self.tables, [packet.indicators] + [sp.indicators for sp in packet.sheets],
                                     strict=True):
            table.rows = [self.make_row(table, ind) for ind in indicators]
        self.rows = [row for table in self.tables for row in table.rows]

    def make_row(self, table, ind):
        period = "实施期指标" if ind.period == Period.IMPLEMENTATION else "指标"
        t = table.location
        loc = Location(t.attachment, t.sheet_id, t.sheet_index, t.sheet_name, t.line_id, t.line_name,
                       indicator_id=ind.pk, row=ind.order, label=f"{t.label} · {period}第{ind.order}行 {tier_name(ind)}")
        return Row(ind, self.read(ind), table, loc)

    def read(self, ind):
        """The value as typed. Where the layout has a 指标性质 / 计量单位 column, that cell is the truth
        for its part and the 指标值 text gives the rest; on the combined layout (one 指标值 cell)
        operator and unit are only derived from the text (possibly edited since), so the text is the
        truth."""
        parsed = parse_value(ind.value_text, self.settings.grade_words)
        if getattr(ind, "value_type", "") == "定性" and parsed.kind == TEXT:
            # Declared 定性 (指标值类型): the words are the target the unit chose, not free text.
            return replace(parsed, kind=GRADE, grade=parsed.text)
        if not self.split_layout or parsed.unkept:
            return parsed
        if ind.operator == Operator.QUALITATIVE and parsed.kind != GRADE:
            # Declared 定性: the text is the grade the unit chose.
            return replace(parsed, operator=ind.operator, kind=GRADE if parsed.text else parsed.kind,
                           grade=parsed.text)
        number = parsed.number if parsed.number is not None else ind.value_number
        if number is None or parsed.kind not in (NUMBER, TEXT, EMPTY):
            return parsed
        operator = (ind.operator if "operator" in self.columns else "") or parsed.operator
        unit = (ind.unit.strip() if "unit" in self.columns else "") or parsed.unit
        return replace(parsed, kind=NUMBER, number=number, operator=operator, unit=unit)

    def blocks(self, table):
        """A table's rows per indicator block (实施期, 年度) in the layout's printed order, as
        (period, printed title, rows); blocks without rows are left out."""
        titles = dict(self.block_titles)
        order = [period for period, _ in self.block_titles]
        periods = sorted({row.ind.period for row in table.rows},
                         key=lambda p: order.index(p) if p in order else len(order))
        return [(p, titles.get(p, "实施期指标" if p == Period.IMPLEMENTATION else "年度指标"),
                 [row for row in table.rows if row.ind.period == p]) for p in periods]

    def finding(self, code, location, message, **data):
        return Finding(code=code, message=message, location=location, severity=self.settings.severity(code),
                       data=data)
