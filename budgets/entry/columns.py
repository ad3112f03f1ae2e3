"""Which indicator columns a filing's entry grid shows: one function, so the layout is decided in one place.

Today the framework's layout decides (合并: the seed's 一级·二级·三级·指标值·备注; 分列: 指标性质, 指标值,
计量单位 and 权重 as their own cells). When form layouts become data, only entry_columns() changes.
"""

from indicators.models import Framework

LEVELS = [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标")]
COMBINED = LEVELS + [("value_text", "指标值"), ("remark", "备注")]
SPLIT = LEVELS + [("operator", "指标性质"), ("value_text", "指标值"), ("unit", "计量单位"), ("weight", "权重"),
                  ("remark", "备注")]
# Every column the grid's row form knows how to show.
KNOWN = {field for field, _ in COMBINED + SPLIT}


def entry_columns(filing):
    """[(field, label)] of the indicator grid, in order, for this filing."""
    if filing.framework.layout == Framework.Layout.SPLIT:
        return SPLIT
    return COMBINED
