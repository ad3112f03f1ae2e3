"""What a form prints, as data: the 附件1 money rows (收入性质 and 支出性质) and their labels.

Shared by the district's filings (budgets), the rules (which add them up) and the printed layouts.
"""

# 附件1 收入性质: the three sources the 2021 Hunan form prints, then the newer ones other forms carry.
INCOME_FIELDS = [
    ("income_general", "一般公共预算拨款"),
    ("income_gov_fund", "政府性基金拨款"),
    ("income_other", "其他资金"),
    ("income_state_capital", "国有资本经营预算"),
    ("income_special_account", "财政专户管理资金"),
    ("income_unit", "单位资金"),
    ("income_carryover", "上年结转"),
]
EXPENSE_FIELDS = [
    ("expense_basic", "基本支出"),
    ("expense_project", "项目支出"),
]
# Every amount of 附件1, in printed order: the one list entry, admin, import, export and the rules use.
MONEY_FIELDS = ["total_amount"] + [f for f, _ in INCOME_FIELDS] + [f for f, _ in EXPENSE_FIELDS]
