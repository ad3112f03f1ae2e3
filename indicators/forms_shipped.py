"""The form layouts (版式) the app ships with, as data, and the tier aliases.

A layout says what a printed form looks like: which kind of form it is, the indicator table's
columns in printed order under their printed labels (chosen from COLUMNS, domain.md §1.4), the
header fields it carries and under what labels, the indicator blocks with their titles, and the
weights' total. Loaded by a data migration and re-synced (idempotently) like the frameworks; a
superuser may add more in the admin.
"""

from .layouts import EXPENSE_FIELDS, INCOME_FIELDS

HUNAN_2021 = "hunan-2021"
MOF_101 = "mof-101"

# The superset of indicator columns (domain.md §1.4): key → the label most forms print.
COLUMNS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "value_type": "指标值类型",
    "operator": "指标性质",
    "value": "指标值",
    "unit": "计量单位",
    "weight": "权重",
    "explanation": "指标解释",
    "scoring_rule": "评(扣)分标准",
    "basis": "指标值设定依据",
    "last_year_value": "上年实际值",
    "is_core": "核心指标",
    "remark": "备注",
    "direction": "指标方向",
    # A project's own cells, in layouts that list every project in one table (header sheets_table).
    "sheet_unit": "单位名称",
    "sheet_name": "项目名称",
    "sheet_amount": "预算数",
    "sheet_goal": "年度目标",
}
SHEET_COLUMNS = ("sheet_unit", "sheet_name", "sheet_amount", "sheet_goal")

# Header fields a layout may carry: key → default label. 部门整体 forms use the first group, the
# 附件3 / 项目支出 forms the second.
HEADER_FIELDS = {
    "department_name": "部门名称",
    "total_amount": "资金总额",
    "income": "按收入性质分",
    "expense": "按支出性质分",
    "duties": "部门职责概述",
    "key_tasks": "年度重点工作计划",
    "overall_goal": "年度总体目标",
    "sheet_name": "支出方向（子项）",
    "fund": "所属专项",
    "amount": "项目金额",
    "period": "项目实施期",
    "period_goal": "实施期绩效目标",
    "annual_goal": "年度绩效目标",
    # 项目支出绩效目标（申报）表: 「amount」 heads the money rows (项目资金, 资金情况（万元）), the total
    # prints under 「total_amount」; the rest are the form's own fields.
    "supervisor": "主管部门",
    "implementing_unit": "实施单位",
    "leader": "项目负责人及电话",
    "attribute": "项目属性",
    "category": "项目类别",
    "nature": "项目性质",
    "basis": "立项依据",
    "overview": "项目概况",
    "feasibility": "可行性",
    "necessity": "必要性",
    "safeguards": "保障措施",
    "filled_by": "填报人",
    "signed_by": "负责人",
    "signed_on": "日期",
    "money_unit": "金额单位",
    "title": "项目支出绩效目标（申报）表",  # the form's printed title (部门整体: 附件1 by default)
    # A form that prints its 长期 and 年度 indicators side by side in one table (88号 style): the
    # suffixes its column labels carry, 「二级指标(长期)」 … 「二级指标(年度)」. Both set: side by side.
    "pair_implementation": "(长期)",
    "pair_annual": "(年度)",
    # A 部门 form listing all its projects in one table (四川2023): its title. Set: the 附件3 sheets
    # print as one table, their own cells (sheet_* columns) merged over each project's rows.
    "sheets_table": "部门预算项目绩效目标申报表",
    # 附件1 money rows under the form's own labels (88号 部门整体: 收入构成 财政拨款 / 其他资金 / 合计,
    # 支出构成 基本支出 / 项目支出, in a 当年金额 column). A layout naming any income_* (expense_*) row
    # prints just those rows; income_total prints 资金总额 as the income 合计 row.
    **{field: label for field, label in INCOME_FIELDS + EXPENSE_FIELDS},
    "income_total": "合计",
    "amount_column": "当年金额",
}

# Indicator blocks: period → default title.
BLOCKS = {"implementation": "实施期绩效指标", "annual": "年度绩效指标"}

OVERALL, PROJECT = "overall", "project"

_HUNAN_HEADER = {
    "department_name": "部门名称", "total_amount": "资金总额", "income": "按收入性质分", "expense": "按支出性质分",
    "duties": "部门职责概述", "key_tasks": "年度重点工作计划", "overall_goal": "年度总体目标",
    "sheet_name": "支出方向（子项）", "fund": "所属专项", "amount": "项目金额", "period": "项目实施期",
    "period_goal": "实施期绩效目标", "annual_goal": "年度绩效目标",
}
_BOTH_BLOCKS = [["implementation", "实施期绩效指标"], ["annual", "年度绩效指标"]]
_LONG_BLOCKS = [["implementation", "长期绩效指标"], ["annual", "年度绩效指标"]]
_PROJECT_HEADER = {
    "sheet_name": "项目名称", "amount": "项目资金", "period": "项目实施期",
    "period_goal": "长期目标", "annual_goal": "年度目标",
}


def _cols(*keys, **labels):
    return [[k, labels.get(k, COLUMNS[k])] for k in keys]


LAYOUTS = [
    {
        "code": HUNAN_2021, "name": "湖南2021 部门整体（附件1·2·3，指标值合并一栏）", "kind": OVERALL,
        "description": "井龙街道2021年表即此版式：一级·二级·三级·指标值·备注；附件2汇总表与附件3支出方向表。",
        "has_attachment2": True, "has_attachment3": True,
        "columns": _cols("level1", "level2", "name", "value", "remark"),
        "header": _HUNAN_HEADER, "blocks": _BOTH_BLOCKS, "weight_total": None, "order": 1,
    },
    {
        "code": MOF_101, "name": "101号 分列（指标性质·指标值·计量单位·权重·指标解释·评(扣)分标准）", "kind": OVERALL,
        "description": "财预〔2021〕101号 / 一体化系统表样：指标性质、计量单位、权重分列，附指标解释与评(扣)分标准。",
        "has_attachment2": True, "has_attachment3": True,
        "columns": _cols("level1", "level2", "name", "operator", "value", "unit", "weight", "explanation",
                         "scoring_rule"),
        "header": _HUNAN_HEADER, "blocks": _BOTH_BLOCKS, "weight_total": "100", "order": 2,
    },
    {
        "code": "mof-101-full", "name": "101号 完整（另加指标值设定依据·核心指标）", "kind": OVERALL,
        "description": "101号模板的全部栏目：指标性质·指标值·度量单位·权重·指标解释·评(扣)分标准·指标值设定依据·是否核心指标。",
        "has_attachment2": True, "has_attachment3": True,
        "columns": _cols("level1", "level2", "name", "operator", "value", "unit", "weight", "explanation",
                         "scoring_rule", "basis", "is_core", unit="度量单位", weight="权重/分值",
                         is_core="是否核心指标"),
        "header": _HUNAN_HEADER, "blocks": _BOTH_BLOCKS, "weight_total": "100", "order": 3,
    },
    {
        "code": "hunan-2023", "name": "湖南2023 部门整体（指标值类型·计量单位·指标解释·评(扣)分标准）", "kind": OVERALL,
        "description": "湖南2023年整体绩效目标表：指标值类型（定量/定性）、计量单位、指标解释、评(扣)分标准分列。",
        "has_attachment2": True, "has_attachment3": True,
        "columns": _cols("level1", "level2", "name", "value_type", "value", "unit", "explanation",
                         "scoring_rule", "remark", value_type="指标值类型(定量/定性)"),
        "header": _HUNAN_HEADER, "blocks": _BOTH_BLOCKS, "weight_total": None, "order": 4,
    },
    {
        "code": "chongqing-2022", "name": "重庆2022 街道整体（指标名称·指标权重·计量单位·指标性质·指标值，无附件2/3）",
        "kind": OVERALL,
        "description": "重庆巴南区一品街道2022年表：不分一级二级，一张指标名称清单；只有区级支出预算总量一个金额。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("name", "weight", "unit", "operator", "value", name="指标名称", weight="指标权重"),
        "header": {"department_name": "部门(单位)名称", "total_amount": "区级支出预算总量",
                   "overall_goal": "当年整体绩效目标"},
        "blocks": [["annual", "绩效指标"]], "weight_total": "100", "order": 5,
    },
    {
        "code": "mof-88-project", "name": "88号 项目支出绩效目标申报表（一级·二级·三级·指标值）", "kind": PROJECT,
        "description": "财预〔2015〕88号附件的项目支出绩效目标申报表：长期与年度两组指标。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value"),
        "header": _PROJECT_HEADER, "blocks": _LONG_BLOCKS, "weight_total": None, "order": 6,
    },
    {
        "code": "hunan-project", "name": "湖南 项目支出绩效目标表（一级·二级·三级·指标值·备注）", "kind": PROJECT,
        "description": "湖南各地项目支出绩效目标（申报）表：项目负责人及电话、资金来源、实施进度、长期与年度目标。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value", "remark"),
        "header": _PROJECT_HEADER | {"period": "实施期"}, "blocks": _LONG_BLOCKS, "weight_total": None,
        "order": 7,
    },
    {
        "code": "jiaxian-2016", "name": "佳县2016 项目申报表（一级·二级·指标内容·指标值·备注）", "kind": PROJECT,
        "description": "陕西佳县2016年财政支出项目绩效目标申报表。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value", "remark", name="指标内容"),
        "header": _PROJECT_HEADER, "blocks": _LONG_BLOCKS, "weight_total": None, "order": 8,
    },
    {
        "code": "scoring-2021", "name": "2021 带分值的申报表（一级·二级·分值·指标内容·指标值·评分细则）", "kind": PROJECT,
        "description": "分值与评分细则随指标一并申报的表样。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "weight", "name", "value", "scoring_rule", weight="分值",
                         name="指标内容", scoring_rule="评分细则"),
        "header": _PROJECT_HEADER, "blocks": _LONG_BLOCKS, "weight_total": "100", "order": 9,
    },
    {
        "code": "daqing", "name": "大庆 项目申报表（二级·三级·上年度实际水平·本年度计划水平·指标内容/计算公式）",
        "kind": PROJECT,
        "description": "黑龙江大庆部门预算项目支出绩效目标申报表。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level2", "name", "last_year_value", "value", "explanation",
                         last_year_value="上年度实际水平", value="本年度计划水平", explanation="指标内容/计算公式"),
        "header": _PROJECT_HEADER, "blocks": [["annual", "年度绩效指标"]], "weight_total": None, "order": 10,
    },
    {
        "code": "sichuan-2023-project", "name": "四川2023 项目（一级·二级·三级·指标性质·指标值·度量单位·权重）",
        "kind": PROJECT,
        "description": "四川井研县2023年项目支出绩效目标表（101号式分列）。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "operator", "value", "unit", "weight", unit="度量单位"),
        "header": _PROJECT_HEADER, "blocks": [["annual", "年度绩效指标"]], "weight_total": "90", "order": 11,
    },
    # Layouts of published forms seen in full (tests/data/forms): their labels as printed.
    {
        "code": "hubei-2020-project", "name": "湖北2020 项目支出绩效目标表（主管部门及编码·项目起止时间·中期目标）",
        "kind": PROJECT,
        "description": "武汉市青山区2020年项目支出绩效目标表：资金总额、当年资金总额及其中财政拨款，总体目标分中期与年度；一级指标每行都印。",
        "has_attachment2": False, "has_attachment3": False, "merge_tiers": False,
        "columns": _cols("level1", "level2", "name", "value"),
        "header": {"sheet_name": "项目名称", "supervisor": "主管部门及编码", "period": "项目起止时间",
                   "amount": "项目资金", "total_amount": "资金总额", "period_goal": "总体目标 中期目标",
                   "annual_goal": "总体目标 年度目标", "pair_implementation": "(长期)", "pair_annual": "(年度)"},
        "blocks": [["implementation", "绩效项目指标表"], ["annual", "绩效项目指标表"]], "weight_total": None,
        "order": 12,
    },
    {
        "code": "xiangtan-2023-project", "name": "湘潭2023 项目支出绩效目标申报表（指标值及单位·绩效标准）",
        "kind": PROJECT,
        "description": "湘潭市2023年项目支出绩效目标申报表：项目支出名称、预算部门、年度本级预算金额，绩效标准一栏。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value", "basis", value="指标值及单位", basis="绩效标准"),
        "header": {"sheet_name": "项目支出名称", "department_name": "预算部门", "period": "项目支出实施期",
                   "amount": "", "total_amount": "年度本级 预算金额", "period_goal": "实施期绩效目标",
                   "annual_goal": "本年度绩效目标", "filled_by": "填表人", "money_unit": "单位"},
        "blocks": [["annual", "本年度 绩效指标"]], "weight_total": None, "order": 13,
    },
    {
        "code": "xiangtan-2024-project", "name": "湘潭2024 项目绩效目标表（项目起止时间·项目资金申请·绩效标准）",
        "kind": PROJECT,
        "description": "湘潭市2024年项目绩效目标表：主管部门及其编码、项目实施单位、项目负责人与联系电话分栏，实施进度分开始与完成时间。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value", "basis", basis="绩效标准"),
        "header": {"sheet_name": "项目名称", "period": "项目起 止时间", "supervisor": "主管部门及其编码",
                   "implementing_unit": "项目实施单位", "leader": "项目负责人", "amount": "项目资金申请 (万元)",
                   "total_amount": "资金总额", "period_goal": "项目绩效目标 长期目标",
                   "annual_goal": "项目绩效目标 年度目标"},
        "blocks": [["annual", "年度绩效指标"]], "weight_total": None, "order": 14,
    },
    {
        "code": "yueyang-2022-project", "name": "岳阳2022 乡村振兴衔接资金绩效目标申报表（一级·二级·三级·指标值）",
        "kind": PROJECT,
        "description": "岳阳县2022年衔接资金项目绩效目标申报表：资金情况（万元）、总体目标与年度目标、一张绩效指标表。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value"),
        "header": {"sheet_name": "项目名称", "amount": "资金情况 (万元)", "total_amount": "年度资金总额",
                   "period_goal": "总体目标", "annual_goal": "年度目标"},
        "blocks": [["annual", "绩效指标"]], "weight_total": None, "order": 15,
    },
    {
        "code": "wuhai-2021-project", "name": "乌海2021 项目绩效目标表（指标性质·指标方向·目标值·计量单位·分值·备注）",
        "kind": PROJECT,
        "description": "内蒙古乌海市2021年项目绩效目标表：投入目标（万元），指标性质（正向/反向）与指标方向（=、≥）分列，每行印一级、二级。",
        "has_attachment2": False, "has_attachment3": False, "merge_tiers": False,
        "columns": _cols("level1", "level2", "name", "direction", "operator", "value", "unit", "weight", "remark",
                         direction="指标性质", operator="指标方向", value="目标值", weight="分值"),
        "header": {"sheet_name": "项目名称", "amount": "投入目标 (万元)", "total_amount": "资金总额",
                   "annual_goal": "年度目标"},
        "blocks": [["annual", "绩效指标(权重分值90分,其中产出指标权重分值50分,效益指标权重分值30分,满意度指标权重分值10分)"]],
        "weight_total": "90", "order": 16,
    },
    {
        "code": "budget-2020-project", "name": "2020 项目绩效目标表（主管预算部门·项目预算金额）", "kind": PROJECT,
        "description": "2020年城市管理项目绩效目标表：主管预算部门、项目预算金额（万元）、绩效目标、绩效指标。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value"),
        "header": {"sheet_name": "项目名称", "supervisor": "主管预算部门", "amount": "",
                   "total_amount": "项目预算金额 (万元)", "annual_goal": "绩效目标"},
        "blocks": [["annual", "绩效指标"]], "weight_total": None, "order": 17,
    },
    {
        "code": "sichuan-2023-dept", "name": "四川2023 部门预算项目绩效目标申报表（各项目一表：指标性质·度量单位·权重·指标方向性）",
        "kind": OVERALL,
        "description": "四川井研县马踏镇2023年：一个单位的各项目在一张表上，每个项目的年度目标与指标，无附件1指标、无附件2；一级指标每行都印（按系统顺序，不归并）。",
        "has_attachment2": False, "has_attachment3": True, "merge_tiers": False,
        "columns": _cols("sheet_unit", "sheet_name", "sheet_amount", "sheet_goal", "level1", "level2", "name",
                         "operator", "value", "unit", "weight", "direction", unit="度量单位", direction="指标方向性"),
        "header": {"department_name": "单位名称", "sheet_name": "项目名称", "implementing_unit": "单位名称",
                   "amount": "预算数", "annual_goal": "年度目标", "sheets_table": "部门预算项目绩效目标申报表"},
        "blocks": [["annual", "年度绩效指标"]], "weight_total": "100", "order": 18,
    },
    {
        "code": "hubei-2021-overall", "name": "湖北2021 部门整体支出绩效目标申报表（收入构成·支出构成·部门职能概述）",
        "kind": OVERALL,
        "description": "湖北省直部门2021年整体绩效目标申报表（附件2）：部门(单位)名称、部门总体资金情况、部门职能概述。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value"),
        "header": _HUNAN_HEADER | {"title": "部门(单位)整体支出绩效目标申报表", "department_name": "部门(单位) 名称",
                                   "duties": "部门职能概述",
                                   "income": "收入构成", "expense": "支出构成", "income_general": "财政拨款",
                                   "income_other": "其他资金", "income_total": "合计", "expense_basic": "基本支出",
                                   "expense_project": "项目支出", "amount_column": "当年金额"},
        "blocks": [["annual", "年度绩效指标"]], "weight_total": None, "order": 19,
    },
    {
        "code": "fengjie-2023-project", "name": "重庆奉节2023 项目支出绩效目标审批表（101号：成本指标为一级·分值·指标解释）",
        "kind": PROJECT,
        "description": "重庆奉节县2023年项目支出绩效目标审批表：预算执行10分与年度绩效目标90分，一级指标含成本指标（经济/社会/生态环境成本）。",
        "has_attachment2": False, "has_attachment3": False,
        "columns": _cols("level1", "level2", "name", "value", "weight", "explanation", weight="分值"),
        "header": {"title": "项目支出绩效目标审批表", "sheet_name": "项目名称", "department_name": "预算单位",
                   "category": "项目分类", "period": "建设周期",
                   "supervisor": "业务主管部门", "leader": "项目负责人", "basis": "项目审批", "overview": "项目总体概况",
                   "amount": "项目资金 预算执行 10分", "total_amount": "项目总预算", "annual_goal": "年度主要目标 和成果"},
        "blocks": [["annual", "年度绩效目标(90分)"]], "weight_total": "90", "order": 20,
    },
]

# Which layout a filing of a framework got before layouts were separate from frameworks (the
# framework's old `layout` field: 101号 was the split one); every other framework: the seed's.
LAYOUT_FOR_FRAMEWORK = {MOF_101: MOF_101}

# Printed tier names that mean a framework's 二级: (framework, printed 一级, printed 二级) → the
# framework's (一级, 二级). Forms word the same tier differently (older and provincial templates).
ALIASES = [
    ("mof-88", "效益指标", "满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-88", "效益指标", "服务对象满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-88", "效益指标", "社会公众或服务对象满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-88", "满意度指标", "社会公众或服务对象满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-88", "效益指标", "环境效益指标", "效益指标", "生态效益指标"),
    ("mof-101", "效益指标", "满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-101", "效益指标", "服务对象满意度指标", "满意度指标", "服务对象满意度指标"),
    ("mof-101", "满意度指标", "社会公众或服务对象满意度指标", "满意度指标", "服务对象满意度指标"),
    ("hunan-2021", "效益指标", "社会公众或服务对象满意度指标", "效益指标", "社会公众及服务对象满意度"),
    ("hunan-2021", "效益指标", "满意度指标", "效益指标", "社会公众及服务对象满意度"),
    ("hunan-2021", "满意度指标", "服务对象满意度指标", "效益指标", "社会公众及服务对象满意度"),
    ("hunan-2021", "产出指标", "数量指标", "产出指标", "产出数量"),
    ("hunan-2021", "产出指标", "质量指标", "产出指标", "产出质量"),
    ("hunan-2021", "产出指标", "时效指标", "产出指标", "产出时效"),
    ("hunan-2021", "产出指标", "成本指标", "产出指标", "产出成本"),
    ("hunan-2021", "效益指标", "经济效益指标", "效益指标", "经济效益"),
    ("hunan-2021", "效益指标", "社会效益指标", "效益指标", "社会效益"),
    ("hunan-2021", "效益指标", "生态效益指标", "效益指标", "生态效益"),
    ("hunan-2021", "效益指标", "可持续影响指标", "效益指标", "可持续影响"),
]

LAYOUT_FIELDS = ("name", "kind", "description", "has_attachment2", "has_attachment3", "columns", "header", "blocks",
                 "weight_total", "order", "merge_tiers")
LAYOUT_DEFAULTS = {"merge_tiers": True}


def sync_layouts(FormLayout, fields=LAYOUT_FIELDS):  # noqa: N803 - historical model from a migration
    """Create or update the shipped layouts; never deletes what an administrator added. An older
    migration passes the fields its historical model has."""
    for spec in LAYOUTS:
        values = {k: spec.get(k, LAYOUT_DEFAULTS.get(k)) for k in fields}
        FormLayout.objects.update_or_create(code=spec["code"], defaults=values)


def sync_aliases(Framework, Level2, TierAlias):  # noqa: N803
    for fw_code, printed1, printed2, name1, name2 in ALIASES:
        target = Level2.objects.filter(level1__framework__code=fw_code, level1__name=name1, name=name2).first()
        if target is None:
            continue
        TierAlias.objects.update_or_create(framework=target.level1.framework, level1_name=printed1,
                                           level2_name=printed2, defaults={"level2": target})
