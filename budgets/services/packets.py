"""Build a whole filing from a packet: a plain dict in the forms' reading order.

The demo seed is kept in this shape (budgets/demo/jinglong-2021.json): 附件1 fields, key_tasks,
indicators, then sub_items (附件2 rows) with their children and their 附件3 sheet.
"""

import datetime
import re

from django.db import transaction

from budgets.audit import log_action
from budgets.layouts import default_layout, tier_matcher
from budgets.models import Department, Filing, Indicator, KeyTask, ProjectSheet, SubItem
from budgets.models.funds import match_fund
from budgets.models.money import parse_amount
from indicators.layouts import MONEY_FIELDS
from indicators.models import FormLayout, Framework
from indicators.values import parse_value

FILING_FIELDS = ["department_name", *MONEY_FIELDS, "duties", "overall_goal"]
_PERIOD = re.compile(r"^\s*(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?\s*[-—~至到]+\s*(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?\s*$")


def money(value):
    """An amount of the packet, read as every other way in reads one (AmountError when unreadable)."""
    return parse_amount(value)


def parse_period(text):
    """「2021.1.1-2021.12.31」 → (date, date); anything unreadable → (None, None), text is kept."""
    m = _PERIOD.match(text or "")
    if not m:
        return None, None
    y1, m1, d1, y2, m2, d2 = map(int, m.groups())
    try:
        return datetime.date(y1, m1, d1), datetime.date(y2, m2, d2)
    except ValueError:
        return None, None


INDICATOR_TEXT_FIELDS = ["name", "value_text", "remark", "explanation", "scoring_rule", "basis", "last_year_value",
                         "value_type"]


def build_indicator(filing, sheet, order, row, matcher):
    """One row as printed: its tier names kept, linked to the framework's 二级 where they match.

    Where the layout has its own 指标性质 / 计量单位 column, what the form left blank stays blank;
    otherwise they are read from the 指标值 text."""
    layout = filing.layout
    level1, level2 = row.get("level1", ""), row.get("level2", "")
    parsed = parse_value(row.get("value_text", ""))
    ind = Indicator(
        filing=filing, sheet=sheet, order=order, level1_name=level1, level2_name=level2,
        level2=matcher.match(level1, level2), period=row.get("period", Indicator.Period.ANNUAL),
        operator=row.get("operator") or ("" if layout.has_column("operator") else parsed.operator),
        value_number=(parse_amount(row["value_number"], digits=20, negative_ok=True)
                      if row.get("value_number") is not None else parsed.number),
        unit=row.get("unit") or ("" if layout.has_column("unit") else parsed.unit),
        weight=parse_amount(row.get("weight"), digits=7, places=2), is_core=bool(row.get("is_core")),
        **{f: row.get(f) or "" for f in INDICATOR_TEXT_FIELDS},
    )
    return ind


@transaction.atomic
def create_filing_from_packet(packet, *, department=None, actor=None, origin=Filing.Origin.ENTERED):
    department = department or Department.objects.get(code=packet["department_code"])
    framework = Framework.objects.get(code=packet["framework"])
    layout = (FormLayout.objects.get(code=packet["layout"]) if packet.get("layout")
              else default_layout(department.district, packet["year"], framework))
    filing = Filing(department=department, year=packet["year"], version=packet.get("version", 1),
                    framework=framework, layout=layout, kind=layout.kind, origin=origin)
    for field in FILING_FIELDS:
        value = packet.get(field)
        if field in MONEY_FIELDS:
            value = money(value)
        elif value is None:
            value = ""
        setattr(filing, field, value)
    filing.full_clean()
    filing.save()

    matcher = tier_matcher(framework.pk)
    for i, task in enumerate(packet.get("key_tasks", []), start=1):
        KeyTask.objects.create(filing=filing, order=i, item=task["item"], responsible=task.get("responsible", ""),
                               goal=task.get("goal", ""), amount=money(task.get("amount")))
    indicators = [build_indicator(filing, None, i, row, matcher) for i, row in enumerate(packet.get("indicators", []), 1)]

    order = 0
    for line_data in packet.get("sub_items", []):
        order += 1
        line = _create_line(filing, None, order, line_data)
        for child_data in line_data.get("children", []):
            order += 1
            _create_line(filing, line, order, child_data)
        sheet_data = line_data.get("sheet")
        if sheet_data:
            start, end = parse_period(sheet_data.get("period_text", ""))
            sheet = ProjectSheet.objects.create(
                sub_item=line,
                order=sheet_data["order"],
                name=sheet_data["name"],
                fund_text=sheet_data.get("fund_text", ""),
                fund=match_fund(department.district, filing.year, sheet_data.get("fund_text", "")),
                amount=money(sheet_data.get("amount")),
                period_text=sheet_data.get("period_text", ""),
                period_start=start,
                period_end=end,
                period_goal=sheet_data.get("period_goal", ""),
                annual_goal=sheet_data.get("annual_goal", ""),
            )
            indicators += [build_indicator(filing, sheet, i, row, matcher)
                           for i, row in enumerate(sheet_data.get("indicators", []), 1)]
    Indicator.objects.bulk_create(indicators)
    log_action("filing.created", actor=actor, filing=filing, source="packet")
    return filing


def _create_line(filing, parent, order, data):
    return SubItem.objects.create(
        filing=filing, parent=parent, order=order, seq=data.get("seq", ""), name=data["name"],
        amount=money(data.get("amount")), period_goal=data.get("period_goal", ""),
        annual_goal=data.get("annual_goal", ""),
    )
