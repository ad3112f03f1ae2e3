"""How each real form (tests/data/forms/NN-*.json) goes into the import format: the judgement calls.

Which printed label is which column, which layout (表样) the form is printed in, which money rows are
项目资金 rows. Read with tests/real_forms.py, which applies these maps cell by cell.
"""

from dataclasses import dataclass, field

from budgets.importexport.format import FILINGS, OVERALL, PROJECTS
from indicators.forms_shipped import HUNAN_2021, LAYOUT_FOR_FRAMEWORK, LAYOUTS

LAYOUT = {spec["code"]: spec for spec in LAYOUTS}


@dataclass(frozen=True)
class Form:
    """How one form's cells go into the format."""

    framework: str
    project: bool
    department: str  # label of the pair whose value is the filing's department (部门名称（表内）)
    pairs: dict  # label → (sheet, column) for header/money/goals/other pairs
    columns: dict  # transcribed indicator column → format column (INDICATORS), or a period split
    periods: dict = field(default_factory=dict)  # transcribed column → (period, its format column)
    per_project: dict = field(default_factory=dict)  # 07: row column → LINES column of its project
    layout: str = ""  # 表样; blank: the one the framework implies (LAYOUT_FOR_FRAMEWORK)
    # The copy stores a label's spacing (「绩 效 目 标」) as runs of '?' (its notes say so): read as spacing.
    spacing_mojibake: bool = False
    money_rows: tuple = ()  # money pair labels that are 项目资金 rows (label → 项目, value → 金额)
    schedule: dict = field(default_factory=dict)  # schedule_rows column → 实施进度 column
    costs: dict = field(default_factory=dict)  # cost_rows column → 成本测算 column

    @property
    def layout_code(self):
        return self.layout or LAYOUT_FOR_FRAMEWORK.get(self.framework, HUNAN_2021)

    @property
    def standalone(self):
        """A 项目支出 form imported as a project filing (项目表 …), not as a packet's 附件3."""
        return LAYOUT[self.layout_code]["kind"] == "project"


FORMS = {
    "01": Form("mof-101", False, "部门(单位)名称", {
        "部门(单位)名称": (FILINGS, "部门名称（表内）"),
        "区级支出预算总量": (OVERALL, "资金总额"),
        "当年整体绩效目标": (OVERALL, "年度总体目标"),
    }, columns={"指标名称": "三级指标", "指标权重": "权重/分值", "计量单位": "计量单位", "指标性质": "指标性质",
                "指标值": "指标值"}, layout="chongqing-2022"),  # its own flat layout: 指标名称 with no 一级/二级
    "02": Form("mof-88", False, "部门(单位) 名称", {
        "部门(单位) 名称": (FILINGS, "部门名称（表内）"),
        "收入构成 合计 当年金额": (OVERALL, "资金总额"),
        "支出构成 基本支出 当年金额": (OVERALL, "基本支出"),
        "支出构成 项目支出 当年金额": (OVERALL, "项目支出"),
        "部门职能概述": (OVERALL, "部门职责概述"),
        "收入构成 财政拨款 当年金额": (OVERALL, "一般公共预算拨款"),
        "收入构成 其他资金 当年金额": (OVERALL, "其他资金"),
    }, columns={}, layout="hubei-2021-overall"),  # its indicator part is not in the copy
    "03": Form("mof-88", True, "主管部门\n及编码", {
        "项目名称": (PROJECTS, "项目名称"),
        "主管部门\n及编码": (PROJECTS, "主管部门"),
        "实施单位": (PROJECTS, "实施单位"),
        "项目属性": (PROJECTS, "项目属性"),
        "项目起止时间": (PROJECTS, "项目实施期"),
        "资金总额": (PROJECTS, "项目资金总额"),
        "总体目标 中期目标": (PROJECTS, "长期目标"),
        "总体目标 年度目标": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标"}, periods={
        "二级指标(长期)": ("实施期", "二级指标"), "三级指标(长期)": ("实施期", "三级指标"),
        "指标值(长期)": ("实施期", "指标值"),
        "二级指标(年度)": ("年度", "二级指标"), "三级指标(年度)": ("年度", "三级指标"),
        "指标值(年度)": ("年度", "指标值"),
    }, layout="hubei-2020-project",
        money_rows=("当年资金总额:", "其中:财政拨款", "其中:当年财政拨款", "其他资金", "当年其他资金")),
    # 预算部门 is the unit whose budget it is (05, the same project a year later, prints it as 实施单位
    # under another 主管部门): the filing's own name, which a project form does not print.
    "04": Form("mof-88", True, "预算部门", {
        "单位:": (PROJECTS, "金额单位"),
        "项目支出名称": (PROJECTS, "项目名称"),
        "预算部门": (FILINGS, "部门名称（表内）"),
        "项目支出实施期": (PROJECTS, "项目实施期"),
        "年度本级 预算金额": (PROJECTS, "项目资金总额"),
        "实施期绩效目标": (PROJECTS, "长期目标"),
        "本年度绩效目标": (PROJECTS, "年度目标"),
        "填表人:": (PROJECTS, "填报人"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                "指标值及单位": "指标值", "绩效标准": "取值依据"},
        layout="xiangtan-2023-project", money_rows=("该项目支出上级资金",)),
    "05": Form("mof-88", True, "主管部门及其编码", {
        "项目名称": (PROJECTS, "项目名称"),
        "项目起\n止时间": (PROJECTS, "项目实施期"),
        "主管部门及其编码": (PROJECTS, "主管部门"),
        "项目实施单位": (PROJECTS, "实施单位"),
        "项目负责人": (PROJECTS, "项目负责人及电话"),
        "项目概况": (PROJECTS, "项目概况"),
        "资金总额:": (PROJECTS, "项目资金总额"),
        "项目绩效目标 长期目标": (PROJECTS, "长期目标"),
        "项目绩效目标 年度目标": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                "指标值": "指标值", "绩效标准": "取值依据"},
        layout="xiangtan-2024-project", money_rows=("一、预算资金:", "二、自有资金:", "三、其他:"),
        # 开始时间 and 完成时间 are two printed cells: 时间 and 完成时间.
        schedule={"项目实施内容": "内容", "开始时间": "时间", "完成时间": "完成时间"}),
    "06": Form("mof-88", True, "主管部门", {
        "项目名称": (PROJECTS, "项目名称"),
        "项目负责人及电话": (PROJECTS, "项目负责人及电话"),
        "主管部门": (PROJECTS, "主管部门"),
        "实施单位": (PROJECTS, "实施单位"),
        "年度资金总额:": (PROJECTS, "项目资金总额"),
        "总体目标": (PROJECTS, "长期目标"),
        "年度目标": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值"},
        layout="yueyang-2022-project", money_rows=("其中:财政拨款", "其他资金")),
    "07": Form("mof-101", True, "单位名称", {
        "单位名称": (FILINGS, "部门名称（表内）"),
        "金额单位:": (FILINGS, "金额单位"),  # its amounts are in 元, and are held so
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标性质": "指标性质",
                "指标值": "指标值", "度量单位": "计量单位", "权重": "权重/分值", "指标方向性": "指标方向"},
        per_project={"单位名称": "实施单位", "项目名称": "附件3支出方向（子项）", "年度目标": "附件3年度绩效目标",
                     "预算数": "项目金额"},
        layout="sichuan-2023-dept"),
    "08": Form("mof-88", True, "主管部门", {
        "项目名称": (PROJECTS, "项目名称"),
        "项目类别": (PROJECTS, "项目类别"),
        "主管部门": (PROJECTS, "主管部门"),
        "实施单位": (PROJECTS, "实施单位"),
        "资金总额": (PROJECTS, "项目资金总额"),
        "年度目标": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                # The printed 指标方向 column holds the operators (=), 指标性质 holds 正向/反向 (see notes):
                # each goes to the column of what it is, and the layout prints them under the form's labels.
                "指标性质": "指标方向", "指标方向": "指标性质", "目标值": "指标值", "计量单位": "计量单位",
                "分值": "权重/分值", "备注": "备注"},
        layout="wuhai-2021-project", money_rows=("其中: 财政拨款数", "其他资金")),
    "09": Form("mof-88", True, "主管预算部门", {
        "项目名称": (PROJECTS, "项目名称"),
        "主管预算部门": (PROJECTS, "主管部门"),
        "项目预算金额 (万元)": (PROJECTS, "项目资金总额"),
        "绩?????????? 效?????????? 目???????? 标": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值"},
        layout="budget-2020-project", spacing_mojibake=True),
    # 101号: 成本指标 is a 一级 (经济/社会/生态环境成本指标), its score range printed in the cell.
    "10": Form("mof-101", True, "预算单位:", {
        "预算单位:": (FILINGS, "部门名称（表内）"),
        "项目名称": (PROJECTS, "项目名称"),
        "项目分类": (PROJECTS, "项目类别"),
        "建设周期": (PROJECTS, "项目实施期"),
        "业务主管部门": (PROJECTS, "主管部门"),
        "实施单位": (PROJECTS, "实施单位"),
        "项目负责人": (PROJECTS, "项目负责人及电话"),
        "项目审批": (PROJECTS, "立项依据"),
        "项目总体概况": (PROJECTS, "项目概况"),
        "项目总预算": (PROJECTS, "项目资金总额"),
        "年度主要目标     和成果": (PROJECTS, "年度目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值",
                "分值": "权重/分值", "指标解释": "指标解释"},
        layout="fengjie-2023-project", money_rows=("当年年度预算", "其中:财政资金", "其中:其它资金")),
}

