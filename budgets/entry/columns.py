"""Which indicator grids and columns a filing's entry step shows: the filing's own layout (indicators.FormLayout).

The layout lists its columns in printed order under their printed labels; the grid shows the same
columns, so what is typed is what prints. Layout keys map onto the row form's fields here.
"""

from budgets.models import Indicator

# Each block of the layout (实施期, 年度) is a grid of its own on the step, under its own form prefix
# (and its own element id, grid-<prefix>, where 检查 links a block's findings).
GRID_PREFIX = {Indicator.Period.ANNUAL: "ind", Indicator.Period.IMPLEMENTATION: "imp"}
PERIOD_OF_PREFIX = {prefix: period for period, prefix in GRID_PREFIX.items()}


def grid_periods(filing):
    """[(period, title)] of the indicator grids a table shows: the layout's blocks in printed order."""
    blocks = [(p, t) for p, t in filing.layout.blocks if p in GRID_PREFIX]
    return blocks or [(Indicator.Period.ANNUAL, "年度绩效指标")]


# Layout column key → the grid row form's field (budgets/entry/forms.py IndicatorForm).
FIELD_FOR_COLUMN = {
    "level1": "level1",
    "level2": "level2",
    "name": "name",
    "value_type": "value_type",
    "operator": "operator",
    "value": "value_text",
    "unit": "unit",
    "weight": "weight",
    "explanation": "explanation",
    "scoring_rule": "scoring_rule",
    "basis": "basis",
    "is_core": "is_core",
    "remark": "remark",
    "direction": "direction",
}
# Every column the grid's row form knows how to show.
KNOWN = set(FIELD_FOR_COLUMN.values())
# 上年实际值 is shown beside the target as 上年值, not as a cell of its own.
SHOWN_BESIDE = {"last_year_value"}


def entry_columns(filing):
    """[(field, label)] of the indicator grid, in the layout's printed order, for this filing."""
    return [(FIELD_FOR_COLUMN[key], label) for key, label in filing.layout.columns if key in FIELD_FOR_COLUMN]


def shown_fields(filing):
    """The grid row form's fields that the filing's layout shows."""
    return frozenset(field for field, _ in entry_columns(filing))


def has_tiers(filing):
    """Flat layouts (指标名称 only, the Chongqing style) have no 一级/二级 cells to fill."""
    return filing.layout.has_column("level2")


def splits_value(filing):
    """The layout prints 指标性质 / 计量单位 in their own columns, so they are typed, not parsed."""
    return filing.layout.has_column("operator") or filing.layout.has_column("unit")
