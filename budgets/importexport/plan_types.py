"""Natural keys, the field lists compared per table, and the Plan an import executes."""

from collections import Counter
from dataclasses import dataclass, field

from budgets.models.money import TypedAmount, same_amount
from indicators.layouts import MONEY_FIELDS

from .format import SHEETS

CHUNK = 500
NO_EXTRA = object()
FILING_SHEET_FIELDS = ["framework_id", "layout_id", "kind", "status", "department_name", "money_unit"]
OVERALL_FIELDS = [*MONEY_FIELDS, "duties", "overall_goal"]
TASK_FIELDS = ["item", "responsible", "goal", "amount"]
LINE_FIELDS = ["seq", "name", "amount", "period_goal", "annual_goal"]
SHEET_COLUMNS = {  # parsed field → ProjectSheet field
    "sheet_order": "order", "sheet_name": "name", "fund_text": "fund_text", "sheet_amount": "amount",
    "period_text": "period_text", "period_start": "period_start", "period_end": "period_end",
    "sheet_period_goal": "period_goal", "sheet_annual_goal": "annual_goal",
    "implementing_unit": "implementing_unit", "project_leader": "project_leader", "attribute": "attribute",
    "category": "category", "basis": "basis",
}
INDICATOR_FIELDS = ["level2_id", "level1_name", "level2_name", "value_type", "name", "value_text", "operator", "value_number", "unit", "weight", "explanation",
                    "scoring_rule", "basis", "last_year_value", "is_core", "remark", "direction"]


def filing_key(values):
    """(部门编码, 预算年度, 版本, 表号): 表号 last, so key[2] is the version wherever it is read."""
    return (values["department_code"], values["year"], values["version"], values.get("form_no") or 0)


def key_label(key):
    code, year, version, form_no = key
    return f"部门编码 {code}，{year}年，" + (f"表号{form_no}，" if form_no else "") + f"第{version}版"


def changed(instance, values):
    return {f: v for f, v in values.items() if not same_value(getattr(instance, f), v)}


def same_value(old, new):
    """A stored amount is unchanged only if typed alike: 1234.567 → 1234.5670 is a change the form shows."""
    if isinstance(old, TypedAmount):
        return same_amount(old, new)
    return old == new


def chunks(items, size=CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class Ops:
    """Writes for one table: creates carry natural keys, updates carry (instance, changed fields)."""

    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    deletes: list = field(default_factory=list)


@dataclass
class Plan:
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in SHEETS})
    districts: list = field(default_factory=list)  # dicts for new districts
    departments: Ops = field(default_factory=Ops)
    filings: Ops = field(default_factory=Ops)
    amended_from: dict = field(default_factory=dict)  # filing key → version it amends (or None)
    tasks: Ops = field(default_factory=Ops)
    lines: Ops = field(default_factory=Ops)
    line_parents: dict = field(default_factory=dict)  # (filing key, order) → parent order
    sheets: Ops = field(default_factory=Ops)
    fundings: Ops = field(default_factory=Ops)
    indicators: Ops = field(default_factory=Ops)
    project_forms: dict = field(default_factory=dict)  # filing key → planned form (None: none) to write
    form_fields: dict = field(default_factory=dict)  # filing key → its 其他栏目 rows to write (replacing)
    existing_filings: dict = field(default_factory=dict)  # key → Filing
    new_keys: set = field(default_factory=set)
    touched_keys: dict = field(default_factory=dict)  # existing filing with any change → the sheets that differ

    def count(self, sheet, kind, n=1):
        self.counts[sheet][kind] += n

    def touch(self, key, sheet):
        """Record that the file differs from the stored filing `key` on `sheet`."""
        self.touched_keys.setdefault(key, set()).add(sheet)
