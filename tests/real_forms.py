"""Real published 预算绩效目标表 (tests/data/forms/*.json) → today's import format, cell by cell.

Each transcription is turned into workbook rows (docs/import-format.md; the columns of
budgets/importexport/format.py SHEETS), and every non-empty transcribed cell is recorded with the
place it went to (sheet, column, row key) or the reason it has no place. The tests and
benchmarks/real_forms_report.py then check each placed cell against the database (through the
export), show_filing's text and the PDF's text.

The per-form maps below are the judgement calls, written out so they can be argued with:
- a value has a place only when a column means the same thing AND can hold the text as printed
  (「10000万元」 is not an amount of the format, amounts in 元 are not 万元);
- a label (the left half of a pair, a column header, a block title) has a place only when today's
  layouts print that same label for the column its value went to: labels are code, not data, so a
  placed label counts as stored and is then looked for in show_filing's text and the PDF;
- a form mapped with its layout (Form.layout, written to 填报 「表样」) keeps its tiers as printed:
  a flat 指标名称 list (01) imports with no 一级/二级, and the labels checked are that layout's;
- a form mapped without one keeps the older rule: an indicator row whose 一级/二级 are not names of
  the chosen framework is left out and all its cells are lost; no 一级/二级 is made up for a form
  that prints none or leaves one empty (05).
A project form (项目支出) has no stand-alone form today: it is imported as a filing of its
主管部门 with one 附件2 row and its 附件3 sheet per project, which is the closest the format has.
Comparisons against stored, shown and printed text normalise whitespace only: every run of
whitespace is removed on both sides (the PDF wraps cells wherever the column width says).
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgets.importexport.cells import parse_decimal
from budgets.importexport.format import DEPARTMENTS, FILINGS, INDICATORS, LINES, OVERALL, SHEETS
from budgets.models.money import format_money
from indicators.forms_shipped import HUNAN_2021, LAYOUT_FOR_FRAMEWORK, LAYOUTS, MOF_101
from indicators.frameworks import FRAMEWORKS

DATA = Path(__file__).parent / "data" / "forms"
DISTRICT = ("430204", "株洲市石峰区", "石峰区")  # conftest's district fixture

# What today's layouts print as the label of a column (show_filing text and PDF alike).
PRINTED_LABEL = {
    (FILINGS, "部门名称（表内）"): "部门名称",
    (OVERALL, "资金总额"): "资金总额",
    (OVERALL, "部门职责概述"): "部门职责概述",
    (OVERALL, "年度总体目标"): "年度总体目标",
    (OVERALL, "基本支出"): "基本支出",
    (OVERALL, "项目支出"): "项目支出",
    (OVERALL, "一般公共预算拨款"): "一般公共预算拨款",
    (LINES, "附件3支出方向（子项）"): "支出方向（子项）",
    (LINES, "实施单位"): "实施单位",
    (LINES, "项目负责人"): "项目负责人",
    (LINES, "项目类别"): "项目类别",
    (LINES, "项目金额"): "项目金额",
    (LINES, "项目实施期"): "项目实施期",
    (LINES, "附件3实施期绩效目标"): "实施期绩效目标",
    (LINES, "附件3年度绩效目标"): "年度绩效目标",
    (LINES, "资金构成：其他资金"): "其他资金",
    (LINES, "资金构成：单位资金"): "单位资金",
}
# show_filing's text: label then value, e.g. 「实施单位：…」; money rows 「基本支出 724」.
SHOW_PREFIX = {key: label + "：" for key, label in PRINTED_LABEL.items()}
SHOW_PREFIX.update({(OVERALL, c): c + " " for c in ("基本支出", "项目支出", "一般公共预算拨款")})
SHOW_PREFIX.update({(LINES, c): c.removeprefix("资金构成：") + " " for c in ("资金构成：其他资金", "资金构成：单位资金")})
# The PDF: th then td, or 「label：amount」 inside the 资金构成 cell, or 「资金总额：…」.
PRINT_PREFIX = dict(PRINTED_LABEL)
PRINT_PREFIX.update({(LINES, c): c.removeprefix("资金构成：") + "：" for c in ("资金构成：其他资金", "资金构成：单位资金")})
PRINT_PREFIX[(OVERALL, "资金总额")] = "资金总额："
PRINT_PREFIX.update({(OVERALL, c): "" for c in ("基本支出", "项目支出", "一般公共预算拨款")})  # label and amount in two cells

# Indicator table headers today's layouts print, per layout (block_indicators.html, budgets/text.py).
INDICATOR_HEADERS = {
    False: ["一级指标", "二级指标", "三级指标", "指标值", "备注"],
    True: ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位", "权重", "备注"],
}
# Format column → the header it is printed under (columns not listed are not printed at all).
SHOWN_UNDER = {"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值",
               "指标性质": "指标性质", "计量单位": "计量单位", "权重/分值": "权重", "备注": "备注"}
BLOCK_TITLES = {"年度": "年度绩效指标", "实施期": "实施期绩效指标"}


# Format column → the layout column key (indicators.forms_shipped.COLUMNS) it is printed under.
LAYOUT_KEY = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标值": "value", "指标性质": "operator",
              "计量单位": "unit", "权重/分值": "weight", "备注": "remark", "指标解释": "explanation",
              "评(扣)分标准": "scoring_rule", "取值依据": "basis", "上年实际值": "last_year_value",
              "指标值类型": "value_type", "核心指标": "is_core"}
# Format (sheet, column) → the layout header key whose label the PDF and show_filing print for it.
HEADER_KEY = {(FILINGS, "部门名称（表内）"): "department_name", (OVERALL, "资金总额"): "total_amount",
              (OVERALL, "部门职责概述"): "duties", (OVERALL, "年度总体目标"): "overall_goal"}
SHIPPED = {spec["code"]: spec for spec in LAYOUTS}


@dataclass(frozen=True)
class Printed:
    """What a form's layout prints: indicator headers (format column → label, in printed order),
    block titles, and the label/prefixes of header cells."""

    headers: list  # labels in printed order
    under: dict  # format column → its printed label
    titles: set
    label: dict  # (sheet, column) → printed label
    show_prefix: dict
    print_prefix: dict
    tier_columns: list  # format columns identifying a row: those of 一级/二级/三级 the layout prints


def printed_by(form):
    if not form.layout:
        headers = INDICATOR_HEADERS[SPLIT[form.framework]]
        return Printed(headers, SHOWN_UNDER, set(BLOCK_TITLES.values()), PRINTED_LABEL, SHOW_PREFIX, PRINT_PREFIX,
                       ["一级指标", "二级指标", "三级指标"])
    spec = SHIPPED[form.layout]
    by_key = dict(spec["columns"])
    under = {fmt: by_key[key] for fmt, key in LAYOUT_KEY.items() if key in by_key}
    label, show, prnt = dict(PRINTED_LABEL), dict(SHOW_PREFIX), dict(PRINT_PREFIX)
    for target, key in HEADER_KEY.items():
        if key in spec["header"]:
            label[target] = show[target] = prnt[target] = spec["header"][key]
            show[target] += "："
        else:
            for d in (label, show, prnt):
                d.pop(target, None)
    if (OVERALL, "资金总额") in prnt:
        prnt[(OVERALL, "资金总额")] += "："
    if "income" not in spec["header"] and "expense" not in spec["header"]:
        for c in ("基本支出", "项目支出", "一般公共预算拨款"):
            for d in (label, show, prnt):
                d.pop((OVERALL, c), None)
    return Printed([lbl for _, lbl in spec["columns"]], under, {t for _, t in spec["blocks"]}, label, show, prnt,
                   [c for c in ("一级指标", "二级指标", "三级指标") if c in under])


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
    # The shipped layout (版式) the form is imported with (填报 「表样」); "" = the framework's usual one,
    # whose tier names must then be the framework's (the rule from before layouts were data).
    layout: str = ""


FORMS = {
    # Chongqing's flat 指标名称 list: its own layout, no 一级/二级 (none made up), the five columns as printed.
    "01": Form("mof-101", False, "部门(单位)名称", {
        "部门(单位)名称": (FILINGS, "部门名称（表内）"),
        "区级支出预算总量": (OVERALL, "资金总额"),
        "当年整体绩效目标": (OVERALL, "年度总体目标"),
    }, columns={"指标名称": "三级指标", "指标权重": "权重/分值", "计量单位": "计量单位", "指标性质": "指标性质",
                "指标值": "指标值"}, layout="chongqing-2022"),
    "02": Form("mof-88", False, "部门(单位) 名称", {
        "部门(单位) 名称": (FILINGS, "部门名称（表内）"),
        "收入构成 合计 当年金额": (OVERALL, "资金总额"),
        "支出构成 基本支出 当年金额": (OVERALL, "基本支出"),
        "支出构成 项目支出 当年金额": (OVERALL, "项目支出"),
        "部门职能概述": (OVERALL, "部门职责概述"),
        "收入构成 财政拨款 当年金额": (OVERALL, "一般公共预算拨款"),
    }, columns={}, layout=HUNAN_2021),  # the 部门整体 layout with 收入/支出 rows; its indicator part is not in the copy
    "03": Form("mof-88", True, "主管部门\n及编码", {
        "项目名称": (LINES, "附件3支出方向（子项）"),
        "主管部门\n及编码": (FILINGS, "部门名称（表内）"),
        "实施单位": (LINES, "实施单位"),
        "项目起止时间": (LINES, "项目实施期"),
        "资金总额": (LINES, "项目金额"),
        "总体目标 中期目标": (LINES, "附件3实施期绩效目标"),
        "总体目标 年度目标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标"}, periods={
        "二级指标(长期)": ("实施期", "二级指标"), "三级指标(长期)": ("实施期", "三级指标"),
        "指标值(长期)": ("实施期", "指标值"),
        "二级指标(年度)": ("年度", "二级指标"), "三级指标(年度)": ("年度", "三级指标"),
        "指标值(年度)": ("年度", "指标值"),
    }),
    "04": Form("mof-88", True, "预算部门", {
        "项目支出名称": (LINES, "附件3支出方向（子项）"),
        "预算部门": (FILINGS, "部门名称（表内）"),
        "项目支出实施期": (LINES, "项目实施期"),
        "年度本级 预算金额": (LINES, "项目金额"),
        "实施期绩效目标": (LINES, "附件3实施期绩效目标"),
        "本年度绩效目标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                "指标值及单位": "指标值", "绩效标准": "取值依据"}),
    "05": Form("mof-88", True, "主管部门及其编码", {
        "项目名称": (LINES, "附件3支出方向（子项）"),
        "项目起\n止时间": (LINES, "项目实施期"),
        "主管部门及其编码": (FILINGS, "部门名称（表内）"),
        "项目实施单位": (LINES, "实施单位"),
        "项目负责人": (LINES, "项目负责人"),
        "资金总额:": (LINES, "项目金额"),
        "二、自有资金:": (LINES, "资金构成：单位资金"),
        "三、其他:": (LINES, "资金构成：其他资金"),
        "项目绩效目标 长期目标": (LINES, "附件3实施期绩效目标"),
        "项目绩效目标 年度目标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                "指标值": "指标值", "绩效标准": "取值依据"}),
    "06": Form("mof-88", True, "主管部门", {
        "项目名称": (LINES, "附件3支出方向（子项）"),
        "项目负责人及电话": (LINES, "项目负责人"),
        "主管部门": (FILINGS, "部门名称（表内）"),
        "实施单位": (LINES, "实施单位"),
        "年度资金总额:": (LINES, "项目金额"),
        "年度目标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值"}),
    "07": Form("mof-101", True, "单位名称", {
        "单位名称": (FILINGS, "部门名称（表内）"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标性质": "指标性质",
                "指标值": "指标值", "度量单位": "计量单位", "权重": "权重/分值"},
        per_project={"单位名称": "实施单位", "项目名称": "附件3支出方向（子项）", "年度目标": "附件3年度绩效目标"}),
    "08": Form("mof-88", True, "主管部门", {
        "项目名称": (LINES, "附件3支出方向（子项）"),
        "项目类别": (LINES, "项目类别"),
        "主管部门": (FILINGS, "部门名称（表内）"),
        "实施单位": (LINES, "实施单位"),
        "资金总额": (LINES, "项目金额"),
        "其他资金": (LINES, "资金构成：其他资金"),
        "年度目标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标",
                # The printed 指标方向 column holds the operators (=), 指标性质 holds 正向/反向 (see notes):
                # the operator goes to 指标性质 by what it is; 正向/反向 has no column.
                "指标方向": "指标性质", "目标值": "指标值", "计量单位": "计量单位", "分值": "权重/分值",
                "备注": "备注"}),
    "09": Form("mof-88", True, "主管预算部门", {
        "项目名称": (LINES, "附件3支出方向（子项）"),
        "主管预算部门": (FILINGS, "部门名称（表内）"),
        "项目预算金额 (万元)": (LINES, "项目金额"),
        "绩?????????? 效?????????? 目???????? 标": (LINES, "附件3年度绩效目标"),
    }, columns={"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标值": "指标值"}),
}

MONEY_COLUMNS = {c.header for s in (OVERALL, LINES) for c in SHEETS[s] if c.kind == "money"}
FRAMEWORK_NAMES = {fw["code"]: {(l1[0], l2[0]) for l1 in fw["level1"] for l2 in l1[3]} for fw in FRAMEWORKS}
# Which frameworks the shipped layouts print with split 指标性质/计量单位/权重 columns.
SPLIT = {fw["code"]: LAYOUT_FOR_FRAMEWORK.get(fw["code"]) == MOF_101 for fw in FRAMEWORKS}


@dataclass
class Cell:
    """One non-empty transcribed cell and where it went."""

    where: str  # in the transcription: 「header 项目名称」, 「row 3 指标值(年度)」 …
    text: str
    kind: str  # value | label | indicator
    targets: list = field(default_factory=list)  # [(sheet, row key, column)]; several for a merged cell
    reason: str = ""  # why it has no place (targets empty)
    row: dict = None  # indicator cells: {format column: text} of the row, for context checks
    rows: list = field(default_factory=list)  # merged indicator cells: every row it spans
    label_of: tuple = None  # labels: the (sheet, column) whose printed label this is
    stored: bool = False
    shown: bool = False
    printed: bool = False

    @property
    def place(self):
        if not self.targets and not self.label_of:
            return None
        sheet, _key, column = self.targets[0] if self.targets else (*self.label_of[:1], None, self.label_of[1])
        return f"{sheet} · {column}" + (" (版式标签)" if self.kind == "label" else "")


@dataclass
class Loaded:
    code: str  # NN
    data: dict
    department_code: str
    year: int
    rows: dict  # {sheet: [[cell, …], …]} for write_workbook
    cells: list

    @property
    def placed(self):
        return [c for c in self.cells if c.place]

    @property
    def lost(self):
        return [c for c in self.cells if not c.place]


def squash(text):
    return re.sub(r"\s+", "", text or "")


def form_paths():
    return sorted(DATA.glob("[0-9][0-9]-*.json"))


def _row(sheet, values):
    return [values.get(c.header) for c in SHEETS[sheet]]


def _money(text):
    """An amount as the format reads it, or None when the printed text is not one (「250万」, 「968.191 8」)."""
    try:
        value = parse_decimal(text.strip())
    except Exception:  # noqa: BLE001 - any refusal means: not an amount of the format
        return None
    return value if isinstance(value, Decimal) else None


def load(path):
    """One transcription → workbook rows and its cells with their places."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    nn = Path(path).name[:2]
    form = FORMS[nn]
    year = data["source"]["year"]
    code = f"real-{nn}"
    key = {"部门编码": code, "预算年度": year, "版本": 1}
    cells = []
    filing = {**key, "指标体系": form.framework, "部门名称（表内）": "", "表样": form.layout or None}
    printed = printed_by(form)
    overall = dict(key)
    projects = []  # LINES values per project, in order

    def project(i):
        while len(projects) <= i:
            projects.append({**key, "行号": len(projects) + 1, "附件3顺序": len(projects) + 1})
        return projects[i]

    def put(sheet, column, text, values, where, row_key):
        """The value's cell if the column can hold it as printed, else the reason it cannot."""
        if column in MONEY_COLUMNS:
            amount = _money(text)
            if amount is None:
                return f"「{column}」是万元金额列，印的「{text}」不是一个金额"
            values[column] = amount
        else:
            max_length = next(c.max_length for c in SHEETS[sheet] if c.header == column)
            if max_length and len(text) > max_length:
                return f"「{column}」最多{max_length}字"
            values[column] = text
        return (sheet, row_key, column)

    # Header, money, goals, other: label/value pairs.
    for part in ("header", "money", "goals", "other"):
        for label, value in data[part]:
            target = form.pairs.get(label)
            if target and target[0] == LINES and not form.project:
                target = None
            values, row_key = None, None
            if target:
                sheet, column = target
                values = {FILINGS: filing, OVERALL: overall}.get(sheet) or project(0)
                row_key = (1,) if sheet == LINES else ()
            if value.strip() or value:
                cell = Cell(f"{part} {label!r}", value, "value")
                if target:
                    outcome = put(sheet, column, value, values, cell.where, row_key)
                    if isinstance(outcome, tuple):
                        cell.targets.append(outcome)
                    else:
                        cell.reason = outcome
                else:
                    cell.reason = "格式中没有对应的列"
                cells.append(cell)
            if label:
                cells.append(_label_cell(f"{part} label", label, target, printed))
    if not form.project and not filing["部门名称（表内）"]:
        raise ValueError(f"{nn}: no department name")
    dept_name = filing["部门名称（表内）"]

    # 实施进度计划 (05) and 成本 rows: the format has no table for them.
    for part in ("schedule_rows", "cost_rows"):
        for n, row in enumerate(data[part], 1):
            for col, text in row.items():
                if text:
                    cells.append(Cell(f"{part} {n} {col}", text, "value", reason="格式中没有这张表"))

    # Indicator tables.
    cols = data["indicator_columns"]
    for col in cols:
        fmt_col = form.columns.get(col) or (form.periods.get(col) or (None, None))[1]
        cells.append(_label_cell("indicator column label", col, (INDICATORS, fmt_col) if fmt_col else None,
                                 printed))
    merged = data["source"].get("merged_columns", [])
    indicator_rows = []
    previous = {}  # merged column → the merge key of the cell above
    previous_cells = {}  # merged column → that cell
    order = {}
    project_index = -1
    for block in data["indicator_blocks"]:
        if block["title"]:
            cells.append(_title_cell(block["title"], printed))
        for n, row in enumerate(block["rows"], 1):
            if form.per_project:
                name = row["项目名称"]
                if not projects or projects[project_index].get("附件3支出方向（子项）") != name:
                    project_index += 1
                    values = project(project_index)
                    for col, line_col in form.per_project.items():
                        values[line_col] = row[col]
            else:
                project_index = 0
            line_order = project_index + 1 if form.project else None
            if form.project:
                project(project_index)
            # One workbook row per period the transcribed row carries.
            by_period = {}
            for col in cols:
                if col in form.periods:
                    period, fmt_col = form.periods[col]
                elif col in form.columns:
                    period, fmt_col = None, form.columns[col]
                else:
                    continue
                by_period.setdefault(period, {})[fmt_col] = row[col]
            shared = by_period.pop(None, {})
            period_rows = {p: {**shared, **v} for p, v in by_period.items()} or ({"年度": shared} if shared else {})
            wb_rows = {}
            for period, values in period_rows.items():
                l1, l2 = values.get("一级指标", ""), values.get("二级指标", "")
                reason = ""
                if form.layout:
                    pass  # tiers kept as printed (blank on a flat list); unmatched names import with a warning
                elif not l1 or not l2:
                    reason = "一级或二级指标为空，不能导入（不替表格补填）"
                elif (l1, l2) not in FRAMEWORK_NAMES[form.framework]:
                    reason = f"「{l1} / {l2}」不是指标体系 {form.framework} 中的一级/二级名称，该行不能导入"
                if reason:
                    wb_rows[period] = (None, reason, values)
                    continue
                order[(line_order, period)] = order.get((line_order, period), 0) + 1
                rk = (line_order, period, order[(line_order, period)])
                indicator_rows.append({**key, "所属支出方向行号": line_order, "期间": period,
                                       "行号": rk[2], **values})
                wb_rows[period] = (rk, "", values)
            # The cells of the row.
            for col in cols:
                text = row[col]
                period, fmt_col = form.periods.get(col) or (None, form.columns.get(col))
                merge_key = tuple(row[c] for c in merged[: merged.index(col) + 1]) if col in merged else None
                if merge_key is not None and previous.get(col) == merge_key:
                    cell = previous_cells[col]
                else:
                    if not text:
                        continue
                    cell = Cell(f"{block['title'][:12]} row {n} {col}", text, "indicator")
                    cell.reason = "格式中没有对应的列"
                    cells.append(cell)
                if merge_key is not None:
                    previous[col] = merge_key
                    previous_cells[col] = cell
                if col in form.per_project:
                    if not cell.targets:
                        cell.targets.append((LINES, (project_index + 1,), form.per_project[col]))
                        cell.kind = "value"
                        cell.reason = ""
                    continue
                if fmt_col is None:
                    continue
                for p, (rk, reason, values) in wb_rows.items():
                    if period not in (None, p):
                        continue
                    if rk is None:
                        if not cell.targets:
                            cell.reason = reason
                        continue
                    cell.targets.append((INDICATORS, rk, fmt_col))
                    cell.rows.append(values)
                    cell.reason = ""
    lines = []
    for values in projects:
        values.setdefault("附件3支出方向（子项）", "")
        values["支出方向（子项）"] = values["附件3支出方向（子项）"] or "（未印项目名称）"
        lines.append(_row(LINES, values))
    if form.project and not dept_name:
        raise ValueError(f"{nn}: no department name")
    rows = {
        DEPARTMENTS: [[code, dept_name.strip()[:100], DISTRICT[0], DISTRICT[1], DISTRICT[2], "部门", 0, True]],
        FILINGS: [_row(FILINGS, filing)],
        OVERALL: [_row(OVERALL, overall)],
        LINES: lines,
        INDICATORS: [_row(INDICATORS, r) for r in indicator_rows],
    }
    return Loaded(nn, data, code, year, rows, cells)


def _label_cell(where, label, target, printed):
    cell = Cell(f"{where} {label!r}", label, "label")
    headers = printed.headers if target and target[0] == INDICATORS else None
    if target is None:
        cell.reason = "标签：其值没有对应的列"
    elif headers is not None:
        under = printed.under.get(target[1])
        if under in headers and squash(label) == squash(under):
            cell.label_of = target
        else:
            cell.reason = "标签：现有表样印的不是这个列名"
    elif squash(label) == squash(printed.label.get(tuple(target), "")):
        cell.label_of = tuple(target)
    else:
        cell.reason = f"标签：现有表样在此处印「{printed.label.get(tuple(target), '（无）')}」"
    return cell


def _title_cell(title, printed):
    cell = Cell(f"block title {title!r}", title, "label")
    if squash(title) in {squash(t) for t in printed.titles}:
        cell.label_of = (INDICATORS, "期间")
    else:
        cell.reason = "标签：现有表样印「" + "」「".join(sorted(printed.titles)) + "」"
    return cell


# --- Checks --------------------------------------------------------------------------------------

def _display(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return format_money(value)
    return str(value)


KEY_COLUMNS = {
    LINES: ["部门编码", "预算年度", "版本", "行号"],
    INDICATORS: ["部门编码", "预算年度", "版本", "所属支出方向行号", "期间", "行号"],
    FILINGS: ["部门编码", "预算年度", "版本"],
    OVERALL: ["部门编码", "预算年度", "版本"],
}


def exported_cell(exported, loaded, target):
    """The exported value at (sheet, row key, column), or None when the row is not there."""
    sheet, row_key, column = target
    headers = [c.header for c in SHEETS[sheet]]
    want = [loaded.department_code, loaded.year, 1, *row_key]
    for row in exported[sheet]:
        values = dict(zip(headers, row, strict=True))
        got = [values[h] for h in KEY_COLUMNS[sheet]]
        if sheet == INDICATORS:
            got[4] = str(got[4])
        if got == want:
            return _display(values[column])
    return None


def check(loaded, exported, shown_text, pdf_text):
    """Fill stored/shown/printed of every placed cell (whitespace-insensitive comparisons)."""
    show_lines = shown_text.splitlines()
    show_flat = squash(shown_text)
    pdf = squash(pdf_text)
    printed = printed_by(FORMS[loaded.code])
    headers = printed.headers
    table = _indicator_lines(show_lines, len(headers))
    for cell in loaded.placed:
        text = squash(cell.text)
        if cell.kind == "label":
            cell.stored = True  # labels are the layout's, not data
            cell.shown = text in show_flat
            cell.printed = text in pdf
            continue
        cell.stored = any(exported_cell(exported, loaded, t) is not None
                          and squash(exported_cell(exported, loaded, t)) == text for t in cell.targets)
        sheet, _key, column = cell.targets[0]
        if sheet != INDICATORS:
            cell.shown = squash(printed.show_prefix.get((sheet, column), "") + cell.text) in show_flat
            cell.printed = squash(printed.print_prefix.get((sheet, column), "") + cell.text) in pdf
            continue
        under = printed.under.get(column)
        if under not in headers:
            continue  # stored, but no layout prints the column
        i = headers.index(under)
        for row in cell.rows:
            ident = [squash(row.get(c, "")) for c in printed.tier_columns]
            at = [headers.index(printed.under[c]) for c in printed.tier_columns]
            if any([squash(fields[j]) for j in at] == ident and squash(fields[i]) == text for fields in table):
                cell.shown = True
            cell.printed = cell.printed or _printed_in_row(pdf, row, column, printed)


def _indicator_lines(lines, width):
    """The indicator rows of show_filing's text, split into their fields."""
    out = []
    for line in lines:
        if line.startswith("    ") and line.count(" | ") == width - 1:
            # Only the indent goes: a blank last field leaves the line ending in " | ".
            out.append([f.replace("⏎", "\n") for f in line[4:].split(" | ")])
    return out


def _printed_in_row(pdf, row, column, printed):
    """The PDF prints a row's cells in column order, each cell's lines together (pdftotext -raw):
    a 三级 and the cells after it up to this one are adjacent; 一级 sits before its 二级,
    二级 before its first row's 三级."""
    headers = printed.headers
    order = sorted((c for c, label in printed.under.items() if label in headers and c not in ("一级指标", "二级指标")),
                   key=lambda c: headers.index(printed.under[c]))
    if column == "一级指标":
        return squash(row.get("一级指标", "") + row.get("二级指标", "")) in pdf
    if column == "二级指标":
        return squash(row.get("二级指标", "") + row.get("三级指标", "")) in pdf
    run = "".join(row.get(c, "") for c in order[: order.index(column) + 1])
    return squash(run) in pdf


def counts(loaded):
    cells = loaded.cells
    return {
        "cells": len(cells),
        "stored": sum(c.stored for c in cells),
        "shown": sum(c.shown for c in cells),
        "printed": sum(c.printed for c in cells),
        "no place": len(loaded.lost),
        "lost": sum(not c.printed for c in cells),
    }


def run_form(path, render_pdf_text):
    """Import one form (district 石峰区 must exist), then check every placed cell.

    render_pdf_text(filing) → the PDF's text. Returns (loaded, result, filing or None, show text)."""
    from budgets.importexport.export import table_rows, write_workbook
    from budgets.importexport.service import run_import
    from budgets.models import Filing
    from budgets.text import filing_as_text

    loaded = load(path)
    result = run_import([(f"{loaded.code}.xlsx", write_workbook(loaded.rows))], dry_run=False)
    if not result.ok:
        return loaded, result, None, ""
    filing = Filing.objects.get(department__code=loaded.department_code, year=loaded.year)
    shown = filing_as_text(filing)
    check(loaded, table_rows([filing]), shown, render_pdf_text(filing))
    return loaded, result, filing, shown


def pdf_text(filing, path=None):
    """The filing's PDF through pdftotext -raw (as tests/pdf/conftest.py reads it); kept at path if given."""
    import subprocess
    import tempfile

    from approvals.pdf import render_filing_pdf

    data = render_filing_pdf(filing)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        target = Path(path) if path else Path(tmp.name)
        target.write_bytes(data)
        return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(target), "-"],
                              check=True, capture_output=True, text=True).stdout
