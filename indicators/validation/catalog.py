"""Every rule code the engine can report, its Chinese title and its default severity.

The codes are stable: settings rows, acknowledgements and API clients refer to them. The numbers
follow domain.md §7 (rules 1–13); defaults are that document's split into blocking and warnings.
"""

from .findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 - I reads as Info here

RULES = {
    # 1 表头完整
    "R01_HEADER_MISSING": ("表头项目未填写", E),
    "R01_PERIOD_INVALID": ("项目实施期无法识别或不在预算年度内", E),
    "R01_AMOUNT_UNREAD": ("金额按原文保存，但读不出一个数", W),
    # 2 资金总额 = Σ 收入性质 = Σ 支出性质
    "R02_TOTAL_BY_INCOME": ("资金总额与按收入性质分合计不一致", E),
    "R02_TOTAL_BY_EXPENSE": ("资金总额与按支出性质分合计不一致", E),
    # 3 附件1 项目支出 = 附件2 合计; 一级行 = Σ 子项
    "R03_PROJECT_VS_ATT2": ("附件1项目支出与附件2合计不一致", E),
    "R03_PARENT_VS_CHILDREN": ("附件2支出方向金额与其子项合计不一致", E),
    # 4 每个附件2支出方向有一张附件3，金额相等
    "R04_SHEET_MISSING": ("附件2支出方向缺少对应的附件3", E),
    "R04_SHEET_AMOUNT": ("附件3项目金额与附件2金额不一致", E),
    # 5 指标体系完整
    "R05_WRONG_FRAMEWORK": ("指标不属于本申报选用的指标体系", E),
    "R05_LEVEL1_MISSING": ("缺少必填的一级指标", E),
    "R05_LEVEL2_MISSING": ("缺少必填的二级指标", E),
    "R05_TIER_UNMATCHED": ("表内一级、二级指标名称与指标体系对不上", W),
    "R05_WEIGHT_TOTAL": ("权重合计与表样规定的合计不一致", E),
    # 6 定量指标：数值 + 单位 + 指标性质
    "R06_VALUE_MISSING": ("三级指标未填写指标值", E),
    "R06_NAME_MISSING": ("有指标值但未填写三级指标名称", E),
    "R06_OPERATOR_MISSING": ("定量指标缺少指标性质（≥、≤、=）", E),
    "R06_UNIT_MISSING": ("定量指标缺少计量单位", E),
    "R06_PERCENT_RANGE": ("百分比超出0–100%", E),
    "R06_NUMBER_UNKEPT": ("指标值中的数值超出可保存的位数，只按文字保存", E),
    "R06_VALUE_TYPE": ("指标值与指标值类型（定量/定性）不符", E),
    "R06_SATISFACTION_FLOOR": ("满意度指标值低于下限或不是百分比", E),
    # 7 模糊用语
    "R07_VAGUE_VALUE": ("指标值为趋势或模糊用语，无法考核", W),
    "R07_VAGUE_NAME": ("三级指标名称含趋势或模糊用语", W),
    # 8 复合值、单位混入指标值、描述性文字
    "R08_COMPOSITE_VALUE": ("一个指标值中填了多个数值", W),
    "R08_UNIT_IN_VALUE": ("计量单位写在了指标值中", W),
    "R08_FREE_TEXT": ("指标值为描述性文字，不是数值或定性分级", W),
    # 9 成本测算
    "R09_MONTHLY_COST": ("按月（季）成本合计与项目金额不符", W),
    "R09_UNIT_COST": ("单位成本×数量与项目金额不符", W),
    "R09_COST_SUM": ("成本指标合计与项目金额不符", W),
    # 10 三级指标名称
    "R10_NAME_SENTENCE": ("三级指标名称过长或是一句话", W),
    "R10_NAME_IS_LINE": ("三级指标名称与支出方向名称相同", W),
    # 11 以预算金额作指标值
    "R11_BUDGET_AS_VALUE": ("以预算金额作为产出或成本指标值", W),
    # 12 名称、年度一致
    "R12_NAME_MISMATCH": ("附件2与附件3的支出方向名称不一致", W),
    "R12_YEAR_MISMATCH": ("指标值中的年度与预算年度不一致", W),
    # 13 照搬
    "R13_COPIED_VALUE": ("各表同类指标值完全相同", I),
}


def rule_title(code):
    return RULES[code][0]


def default_severity(code):
    return RULES[code][1]


def rule_choices():
    return [(code, f"{code} {title}") for code, (title, _) in RULES.items()]
