"""The workbook format: sheets, their columns, and how each column is typed.

This list is the single definition of the format: the reader checks headers against it, the export
and the template write it, and docs/import-format.md describes it in the same order.
"""

import unicodedata
from dataclasses import dataclass

from budgets.models import Department, Filing, FormField, Indicator, ProjectSheet
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # key in the parsed row dict (usually the model field name)
    kind: str  # text | code | int | money | decimal | bool | choice | date
    required: bool = False
    max_length: int | None = None
    choices: tuple = ()  # (value, label) pairs; cells may hold either
    digits: tuple = (18, 6)  # max_digits, decimal_places for money/decimal
    default: object = None  # value for a blank cell (None: blank stays blank)
    since: str = ""  # added to the format later (the issue that added it): older workbooks may lack it


def _choices(enum):
    return tuple((value, str(label)) for value, label in enum.choices)


KEY_COLUMNS = [
    Column("部门编码", "department_code", "code", required=True, max_length=32),
    Column("预算年度", "year", "int", required=True),
    Column("版本", "version", "int", default=1),
]
# The fourth part of a filing's key, added when a unit could file 项目支出 forms beside its packet in
# one year (0: the packet). It is the last column of every keyed sheet, so older workbooks, and
# anything that wrote the first columns by position, read as before.
FORM_NO = Column("表号", "form_no", "int", default=0, since="11")

DEPARTMENTS = "部门"
FILINGS = "填报"
OVERALL = "附件1 资金与职责"
KEY_TASKS = "重点工作"
LINES = "支出方向（附件2及附件3）"
INDICATORS = "绩效指标"
README = "填表说明"
# 项目支出绩效目标（申报）表 (filings whose 表样 is a project layout); their indicators go to 绩效指标
# with 所属支出方向行号 blank.
PROJECTS = "项目表"
PROJECT_MONEY = "项目资金"
PROJECT_COSTS = "成本测算"
PROJECT_STAGES = "实施进度"
PROJECT_SHEETS = (PROJECTS, PROJECT_MONEY, PROJECT_COSTS, PROJECT_STAGES)
# Cells a form prints that no column means (归口科室, 填报日期, a blank 审核意见 box), label and text as printed.
EXTRA_FIELDS = "其他栏目"

FUNDING_PREFIX = "资金构成："

SHEETS = {
    DEPARTMENTS: [
        Column("部门编码", "code", "code", required=True, max_length=32),
        Column("部门名称", "name", "code", required=True, max_length=100),
        Column("区划代码", "district_code", "code", required=True, max_length=20),
        Column("区名称", "district_name", "code", max_length=50),
        Column("区简称", "district_short_name", "code", max_length=20),
        Column("类型", "kind", "choice", choices=_choices(Department.Kind), default=Department.Kind.DEPARTMENT),
        Column("排序", "order", "int", default=0),
        Column("启用", "is_active", "bool", default=True),
    ],
    FILINGS: [
        *KEY_COLUMNS,
        Column("指标体系", "framework", "code", required=True, max_length=100),
        Column("状态", "status", "choice", default=Filing.Status.APPROVED,
               # 已批准: the label before 已批复 (the budget term); older exports still say it.
               choices=(*_choices(Filing.Status), (Filing.Status.APPROVED.value, "已批准"))),
        Column("调整自版本", "amended_from_version", "int"),
        Column("部门名称（表内）", "department_name", "text", required=True, max_length=100),
        # Added with layouts (issue 11): blank in older workbooks, then the framework's usual layout.
        Column("表样", "layout", "code", max_length=100, since="11"),
        Column("金额单位", "money_unit", "text", max_length=20, default="万元", since="11"),
    ],
    OVERALL: [
        *KEY_COLUMNS,
        Column("资金总额", "total_amount", "money"),
        *[Column(label, field, "money") for field, label in INCOME_FIELDS],
        *[Column(label, field, "money") for field, label in EXPENSE_FIELDS],
        Column("部门职责概述", "duties", "text"),
        Column("年度总体目标", "overall_goal", "text"),
    ],
    KEY_TASKS: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("事项", "item", "text", required=True),
        Column("责任单位/科室", "responsible", "text"),
        Column("工作目标", "goal", "text"),
        Column("预算金额", "amount", "money"),
    ],
    LINES: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("上级行号", "parent_order", "int"),
        Column("序号", "seq", "text", max_length=10),
        Column("支出方向（子项）", "name", "text", required=True),
        Column("金额", "amount", "money"),
        Column("实施期绩效目标", "period_goal", "text"),
        Column("年度绩效目标", "annual_goal", "text"),
        # 附件3 of this row; all blank when the row has none.
        Column("附件3顺序", "sheet_order", "int"),
        Column("附件3支出方向（子项）", "sheet_name", "text"),
        Column("所属专项", "fund_text", "text"),
        Column("项目金额", "sheet_amount", "money"),
        Column("项目实施期", "period_text", "text", max_length=100),
        Column("实施期开始", "period_start", "date"),
        Column("实施期结束", "period_end", "date"),
        Column("附件3实施期绩效目标", "sheet_period_goal", "text"),
        Column("附件3年度绩效目标", "sheet_annual_goal", "text"),
        Column("实施单位", "implementing_unit", "text", max_length=100),
        Column("项目负责人", "project_leader", "text", max_length=50),
        Column("项目属性", "attribute", "choice", choices=_choices(ProjectSheet.Attribute), default=""),
        Column("项目类别", "category", "text", max_length=100),
        Column("立项依据", "basis", "text"),
        *[Column(FUNDING_PREFIX + label, "funding_" + field.removeprefix("income_"), "money")
          for field, label in INCOME_FIELDS],
    ],
    INDICATORS: [
        *KEY_COLUMNS,
        Column("所属支出方向行号", "line_order", "int"),
        Column("期间", "period", "choice", choices=_choices(Indicator.Period), default=Indicator.Period.ANNUAL),
        Column("行号", "order", "int", required=True),
        # The tier names as printed; a form with 指标名称 only leaves both blank.
        Column("一级指标", "level1", "code", max_length=50),
        Column("二级指标", "level2", "code", max_length=50),
        Column("三级指标", "name", "text"),
        Column("指标值", "value_text", "text"),
        Column("指标性质", "operator", "choice", choices=_choices(Indicator.Operator), default=""),
        Column("指标值（数值）", "value_number", "decimal", digits=(20, 6)),
        Column("计量单位", "unit", "text", max_length=30),
        Column("权重/分值", "weight", "decimal", digits=(7, 2)),
        Column("指标解释", "explanation", "text"),
        Column("评(扣)分标准", "scoring_rule", "text"),
        Column("取值依据", "basis", "text"),
        Column("上年实际值", "last_year_value", "text", max_length=100),
        Column("核心指标", "is_core", "bool", default=False),
        Column("备注", "remark", "text"),
        Column("指标值类型", "value_type", "choice", choices=_choices(Indicator.ValueType), default="", since="11"),
        # Added with the published forms' layouts: 正向/反向 as printed.
        Column("指标方向", "direction", "text", max_length=20, since="11"),
    ],
    # Amounts on the project sheets are read as typed (「968.1918」, 「1,000.00」) and kept so.
    PROJECTS: [
        *KEY_COLUMNS,
        Column("项目名称", "name", "text", required=True),
        Column("主管部门", "supervisor", "text", max_length=200),
        Column("实施单位", "implementing_unit", "text", max_length=200),
        Column("项目负责人及电话", "leader", "text", max_length=200),
        Column("项目属性", "attribute_text", "text", max_length=200),
        Column("项目类别", "category_text", "text", max_length=200),
        Column("项目性质", "nature_text", "text", max_length=200),
        Column("所属专项", "fund_text", "text"),
        Column("金额单位", "money_unit", "text", max_length=20, default="万元"),
        Column("项目资金总额", "amount", "text", max_length=100),
        Column("项目实施期", "period_text", "text", max_length=100),
        Column("实施期开始", "period_start", "date"),
        Column("实施期结束", "period_end", "date"),
        Column("立项依据", "basis", "text"),
        Column("项目概况", "overview", "text"),
        Column("可行性", "feasibility", "text"),
        Column("必要性", "necessity", "text"),
        Column("长期目标", "period_goal", "text"),
        Column("年度目标", "annual_goal", "text"),
        Column("保障措施", "safeguards", "text"),
        Column("填报人", "filled_by", "text", max_length=100),
        Column("负责人", "signed_by", "text", max_length=100),
        Column("日期", "signed_on", "text", max_length=50),
    ],
    PROJECT_MONEY: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("项目", "label", "text", required=True, max_length=100),
        Column("来源/级次", "source", "text", max_length=100),
        Column("金额", "amount", "text", max_length=100),
    ],
    PROJECT_COSTS: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("测算项目", "item", "text", required=True),
        Column("金额", "amount", "text", max_length=100),
        Column("测算（公式）依据", "basis", "text"),
        Column("上年实际", "last_year", "text", max_length=100),
    ],
    PROJECT_STAGES: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("阶段", "stage", "text", max_length=200),
        Column("时间", "when", "text", max_length=200),
        Column("内容", "content", "text"),
        Column("完成时间", "until", "text", max_length=200, since="11"),
    ],
    EXTRA_FIELDS: [
        *KEY_COLUMNS,
        Column("行号", "order", "int", required=True),
        Column("位置", "place", "choice", choices=_choices(FormField.Place), default=FormField.Place.HEADER),
        Column("栏目", "label", "text", max_length=200),
        Column("内容", "text", "text"),
    ],
}

KEYED_SHEETS = [name for name, columns in SHEETS.items() if columns[:len(KEY_COLUMNS)] == KEY_COLUMNS]
for _name in KEYED_SHEETS:
    SHEETS[_name].append(FORM_NO)


def value_columns(sheet):
    """A keyed sheet's own columns: without its key (部门编码, 预算年度, 版本 … 表号)."""
    return [c for c in SHEETS[sheet][len(KEY_COLUMNS):] if c is not FORM_NO]


# Sheets added to the format later (by the issue that added them): an older workbook lacks them, and
# reads as if they were there and empty.
SHEETS_SINCE = {PROJECTS: "11", PROJECT_MONEY: "11", PROJECT_COSTS: "11", PROJECT_STAGES: "11", EXTRA_FIELDS: "11"}

SHEET_FIELDS = {
    LINES: {
        "line": ["parent_order", "seq", "name", "amount", "period_goal", "annual_goal"],
        "sheet": {
            "sheet_order": "order", "sheet_name": "name", "fund_text": "fund_text", "sheet_amount": "amount",
            "period_text": "period_text", "period_start": "period_start", "period_end": "period_end",
            "sheet_period_goal": "period_goal", "sheet_annual_goal": "annual_goal",
            "implementing_unit": "implementing_unit", "project_leader": "project_leader",
            "attribute": "attribute", "category": "category", "basis": "basis",
        },
    },
}
FUNDING_SOURCES = [field.removeprefix("income_") for field, _ in INCOME_FIELDS]


def normalize_name(text):
    """Headers and sheet names as people retype them: full-width brackets, stray spaces, a trailing *."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().rstrip("*").strip()
    return "".join(text.split())


SHEET_BY_NORMALIZED = {normalize_name(name): name for name in SHEETS}
SHEET_BY_NORMALIZED[normalize_name("支出方向")] = LINES  # the short name people will type
IGNORED_SHEETS = {normalize_name(README)}
