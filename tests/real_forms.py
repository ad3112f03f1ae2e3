"""Real published 预算绩效目标表 (tests/data/forms/*.json) → today's import format, cell by cell.

Each transcription is turned into workbook rows (docs/import-format.md; the columns of
budgets/importexport/format.py SHEETS), and every non-empty transcribed cell is recorded with the
place it went to (sheet, column, row key) or the reason it has no place. The tests and
benchmarks/real_forms_report.py then check each placed cell against the database (through the
export), show_filing's text and the PDF's text.

The per-form maps (tests/real_form_maps.py) are the judgement calls, written out so they can be argued with;
the checks are in tests/real_form_checks.py. The rules:
- a value has a place when a column means the same thing and can hold the text as printed: project
  amounts are kept as printed (「10000万元」, the number read where there is one), an amount column holds
  the number in the filing's own 金额单位 (07's 元); a printed pair that no column means goes to
  其他栏目 with its label and text as printed, in its place (under the title, the header, the foot);
- a label (the left half of a pair, a column header, a block title) has a place only when the form's
  layout prints that same label for the column its value went to (a trailing 「:」 is the separator,
  not the label): labels are the layout's, so a placed label counts as stored and is then looked for
  in show_filing's text and the PDF; a label read from two or three printed cells (07's 「<项目>
  年度目标」, 02's 「收入构成 财政拨款 当年金额」) is placed when each of its parts prints;
- an indicator row keeps its 一级/二级 as printed: names that are not the chosen framework's (nor one
  of its aliases) import all the same and warn (R05_TIER_UNMATCHED), nothing is remapped; a blank
  一级 or 二级 stays blank (05). A form in a flat layout (01: 指标名称 only) has no tiers to fill.
A project form (项目支出) is imported as a stand-alone project filing (项目表, 项目资金, 成本测算,
实施进度 and its indicators) under its own layout (表样); a printed 资金 row becomes a 项目资金 row
(label and amount as printed). 07 lists two projects in one table: it is a filing of its 单位 with one
附件3 sheet per project, printed by its layout as that one table.
Comparisons against stored, shown and printed text normalise whitespace only: every run of
whitespace is removed on both sides (the PDF wraps cells wherever the column width says).
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgets.importexport.cells import parse_decimal
from budgets.importexport.format import (
    DEPARTMENTS,
    EXTRA_FIELDS,
    FILINGS,
    INDICATORS,
    LINES,
    OVERALL,
    PROJECT_COSTS,
    PROJECT_MONEY,
    PROJECT_STAGES,
    PROJECTS,
    SHEETS,
)
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS

from .real_form_maps import FORMS, LAYOUT

DATA = Path(__file__).parent / "data" / "forms"
DISTRICT = ("430204", "株洲市石峰区", "石峰区")  # conftest's district fixture

# Format columns printed under a header field of the layout: (sheet, column) → (header key, the label
# when the layout names none). The layout's label is what show_filing and the PDF print.
HEADER_KEY = {
    (FILINGS, "部门名称（表内）"): ("department_name", "部门名称"),
    (FILINGS, "金额单位"): ("money_unit", "金额单位"),
    (OVERALL, "资金总额"): ("total_amount", "资金总额"),
    (OVERALL, "部门职责概述"): ("duties", "部门职责概述"),
    (OVERALL, "年度总体目标"): ("overall_goal", "年度总体目标"),
    (LINES, "附件3支出方向（子项）"): ("sheet_name", "支出方向（子项）"),
    (LINES, "实施单位"): ("implementing_unit", "实施单位"),
    (LINES, "项目金额"): ("amount", "项目金额"),
    (LINES, "项目实施期"): ("period", "项目实施期"),
    (LINES, "附件3实施期绩效目标"): ("period_goal", "实施期绩效目标"),
    (LINES, "附件3年度绩效目标"): ("annual_goal", "年度绩效目标"),
    (PROJECTS, "项目名称"): ("sheet_name", "项目名称"),
    (PROJECTS, "所属专项"): ("fund", "所属专项"),
    (PROJECTS, "项目实施期"): ("period", "项目实施期"),
    (PROJECTS, "长期目标"): ("period_goal", "长期目标"),
    (PROJECTS, "年度目标"): ("annual_goal", "年度目标"),
    (PROJECTS, "主管部门"): ("supervisor", "主管部门"),
    (PROJECTS, "实施单位"): ("implementing_unit", "实施单位"),
    (PROJECTS, "项目负责人及电话"): ("leader", "项目负责人及电话"),
    (PROJECTS, "项目属性"): ("attribute", "项目属性"),
    (PROJECTS, "项目类别"): ("category", "项目类别"),
    (PROJECTS, "项目性质"): ("nature", "项目性质"),
    (PROJECTS, "立项依据"): ("basis", "立项依据"),
    (PROJECTS, "项目概况"): ("overview", "项目概况"),
    (PROJECTS, "可行性"): ("feasibility", "可行性"),
    (PROJECTS, "必要性"): ("necessity", "必要性"),
    (PROJECTS, "保障措施"): ("safeguards", "保障措施"),
    (PROJECTS, "填报人"): ("filled_by", "填报人"),
    (PROJECTS, "负责人"): ("signed_by", "负责人"),
    (PROJECTS, "日期"): ("signed_on", "日期"),
    (PROJECTS, "项目资金总额"): ("total_amount", "资金总额"),
}
# 附件1 money rows: under the layout's label for the field where it names one (88号: 财政拨款).
HEADER_KEY.update({(OVERALL, label): (field, label) for field, label in INCOME_FIELDS + EXPENSE_FIELDS})
# Columns printed under a fixed label whatever the layout.
FIXED_LABEL = {
    (LINES, "项目负责人"): "项目负责人",
    (LINES, "项目类别"): "项目类别",
    (LINES, "资金构成：其他资金"): "其他资金",
    (LINES, "资金构成：单位资金"): "单位资金",
}
SIGN_OFF = ("填报人", "负责人", "日期")  # 「填报人：…」 under the form, show_filing and PDF alike
# show_filing: money rows 「基本支出 724」, 「项目资金：资金总额：250 万元」; the PDF: label and amount in two cells.
SPACED = {(OVERALL, c) for c in ("基本支出", "项目支出", "一般公共预算拨款")} | {
    (LINES, c) for c in ("资金构成：其他资金", "资金构成：单位资金")}



def grid_total(layout, sheet, column):
    """The income 合计 row's label when the layout prints 资金总额 as that row (88号 grid), else None."""
    return LAYOUT[layout]["header"].get("income_total") if (sheet, column) == (OVERALL, "资金总额") else None


def grid_parts(layout, sheet, column):
    """A grid cell's three printed labels (收入构成, 财政拨款, 当年金额), or None outside a grid."""
    header = LAYOUT[layout]["header"]
    if sheet != OVERALL or not header.get("amount_column"):
        return None
    side = next((k for k, fields in (("income", INCOME_FIELDS), ("expense", EXPENSE_FIELDS))
                 if column in {label for _f, label in fields} or (k == "income" and grid_total(layout, sheet, column))),
                None)
    if side is None:
        return None
    row = grid_total(layout, sheet, column) or printed_label(layout, sheet, column)
    return (header.get(side), row, header["amount_column"])


def printed_label(layout, sheet, column):
    """The label the layout prints for the column, or None when it prints none."""
    if (sheet, column) in HEADER_KEY:
        key, default = HEADER_KEY[(sheet, column)]
        return LAYOUT[layout]["header"].get(key, default)
    if (sheet, column) == (PROJECTS, "金额单位"):
        return LAYOUT[layout]["header"].get("money_unit", "金额单位")
    return FIXED_LABEL.get((sheet, column))


def show_prefix(layout, sheet, column):
    if grid_total(layout, sheet, column):
        return grid_total(layout, sheet, column) + " "
    if (sheet, column) == (PROJECTS, "项目资金总额"):
        return LAYOUT[layout]["header"].get("amount", "项目资金") + "：" + printed_label(layout, sheet, column) + "："
    if (sheet, column) == (PROJECTS, "金额单位"):
        return ""  # 「项目资金：资金总额：250 万元」
    if (sheet, column) in SPACED:
        return printed_label(layout, sheet, column) + " "
    return (printed_label(layout, sheet, column) or "") + "："


def print_prefix(layout, sheet, column):
    if grid_total(layout, sheet, column):
        return grid_total(layout, sheet, column)
    if (sheet, column) == (PROJECTS, "金额单位") or (sheet == PROJECTS and column in SIGN_OFF):
        return (printed_label(layout, sheet, column) or column) + "："
    if (sheet, column) in ((OVERALL, "资金总额"), (FILINGS, "金额单位")):
        return printed_label(layout, sheet, column) + "："
    if (sheet, column) in SPACED:
        return "" if sheet == OVERALL else printed_label(layout, sheet, column) + "："
    return printed_label(layout, sheet, column) or ""


# Format column (INDICATORS) → the layout column (indicators/forms_shipped.py COLUMNS) it is printed in.
LAYOUT_KEY = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标性质": "operator",
              "指标值": "value", "计量单位": "unit", "权重/分值": "weight", "指标解释": "explanation",
              "评(扣)分标准": "scoring_rule", "取值依据": "basis", "上年实际值": "last_year_value",
              "核心指标": "is_core", "备注": "remark", "指标值类型": "value_type",
              "指标方向": "direction"}


def indicator_headers(layout):
    """The indicator table's headers the layout prints, in order (block_indicators.html, budgets/text.py)."""
    return [label for _key, label in LAYOUT[layout]["columns"]]


def shown_under(layout, column):
    """The header a format column is printed under, or None when the layout does not print it."""
    return dict(LAYOUT[layout]["columns"]).get(LAYOUT_KEY.get(column))


def block_titles(layout):
    return {title for _period, title in LAYOUT[layout]["blocks"]}


MONEY_COLUMNS = {c.header for s in (OVERALL, LINES) for c in SHEETS[s] if c.kind == "money"}
# Amounts of the project sheets: text, read as typed, but it must be one amount (docs/import-format.md).
TYPED_AMOUNTS = {(PROJECTS, "项目资金总额"), (PROJECT_MONEY, "金额"), (PROJECT_COSTS, "金额")}


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
    parts: tuple = ()  # a label read from two printed cells: each part must print
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


def unmangle(text, form):
    """A label as printed: in a copy that stored its spacing as runs of '?', those runs are spaces."""
    return re.sub(r"\?+", " ", text) if form.spacing_mojibake else text


def label_key(text):
    """A printed label without its separator: 「资金总额:」 and 「资金总额」 are one label (we print 「：」)."""
    return squash(text).rstrip(":：")


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
    layout = form.layout_code
    filing = {**key, "指标体系": form.framework, "部门名称（表内）": "", "表样": form.layout}
    overall = dict(key)
    projects = []  # LINES values per project, in order
    head = dict(key)  # 项目表 (stand-alone project forms)
    sheet_rows = {PROJECT_MONEY: [], PROJECT_COSTS: [], PROJECT_STAGES: []}

    def project(i):
        while len(projects) <= i:
            projects.append({**key, "行号": len(projects) + 1, "附件3顺序": len(projects) + 1})
        return projects[i]

    def put(sheet, column, text, values, where, row_key):
        """The value's cell if the column can hold it as printed, else the reason it cannot."""
        if (sheet, column) in TYPED_AMOUNTS:
            values[column] = text  # kept as printed; the number is read where there is one
        elif column in MONEY_COLUMNS and sheet in (OVERALL, LINES):
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

    def new_row(sheet):
        values = {**key, "行号": len(sheet_rows[sheet]) + 1}
        return values, (values["行号"],)

    # Header, money, goals, other: label/value pairs. A pair no column means is kept as a 其他栏目 row
    # (label and text as printed, in its place); 07's 「<项目> 年度目标」 pairs are that project's
    # merged 年度目标 cell read a second time, and go to that project's row.
    field_rows, project_goals = [], []
    for part in ("header", "money", "goals", "other"):
        for label, value in data[part]:
            if form.standalone and part == "money" and label in form.money_rows:
                cells.extend(_money_row(label, value, put, new_row, sheet_rows))
                continue
            target = form.pairs.get(label)
            if target and target[0] == LINES and not form.project:
                target = None
            if label == form.department and not filing["部门名称（表内）"]:
                filing["部门名称（表内）"] = value.strip()[:100]  # the filing's own name, whatever prints it
            if not target and form.per_project and label.endswith(" 年度目标"):
                cell = Cell(f"{part} {label!r}", value, "value")
                cells.append(cell)
                project_goals.append((cell, label.removesuffix(" 年度目标")))
                # The label is the project's 项目名称 cell and the 年度目标 column's title read together:
                # placed when the project's name and the layout's label for its goal both print.
                label_cell = Cell(f"{part} label {label!r}", label, "label")
                label_cell.parts = (label.removesuffix(" 年度目标"), LAYOUT[layout]["header"].get("annual_goal", ""))
                label_cell.label_of = (LINES, "附件3年度绩效目标")
                cells.append(label_cell)
                continue
            header_labels = {label_key(v): k for k, v in LAYOUT[layout]["header"].items() if v}
            if not target and not value and label_key(label) in header_labels:
                # A caption the layout prints itself (资金情况（万元） over the money rows).
                cell = Cell(f"{part} label {label!r}", label, "label")
                cell.label_of = (PROJECTS, header_labels[label_key(label)])
                cells.append(cell)
                continue
            if not target:
                place = "标题下" if part == "header" and not label else ("表尾" if part == "other" else "表头")
                values = {**key, "行号": len(field_rows) + 1, "位置": place, "栏目": label, "内容": value}
                field_rows.append(values)
                for text, column in ((value, "内容"), (label, "栏目")):
                    if text:
                        cell = Cell(f"{part} {'label ' if column == '栏目' else ''}{label!r}", text, "value")
                        cell.targets.append((EXTRA_FIELDS, (values["行号"],), column))
                        cell.rows.append(values)
                        cells.append(cell)
                continue
            sheet, column = target
            values = {FILINGS: filing, OVERALL: overall, PROJECTS: head}.get(sheet) or project(0)
            row_key = (1,) if sheet == LINES else ()
            if value:
                cell = Cell(f"{part} {label!r}", value, "value")
                outcome = put(sheet, column, value, values, cell.where, row_key)
                if isinstance(outcome, tuple):
                    cell.targets.append(outcome)
                else:
                    cell.reason = outcome
                cells.append(cell)
            if label:
                cells.append(_label_cell(f"{part} label", unmangle(label, form), target, layout))
    if not filing["部门名称（表内）"]:
        raise ValueError(f"{nn}: no department name")
    dept_name = filing["部门名称（表内）"]

    # 实施进度计划 and 成本测算 rows: a stand-alone project form has a table for each.
    for part, sheet, mapping in (("schedule_rows", PROJECT_STAGES, form.schedule),
                                 ("cost_rows", PROJECT_COSTS, form.costs)):
        for n, row in enumerate(data[part], 1):
            values, row_key = new_row(sheet) if form.standalone else (None, None)
            placed = []
            for col, text in row.items():
                if not text:
                    continue
                cell = Cell(f"{part} {n} {col}", text, "value")
                cells.append(cell)
                if not form.standalone:
                    cell.reason = "格式中没有这张表"
                elif col not in mapping:
                    cell.reason = f"「{sheet}」中没有对应的列"
                else:
                    outcome = put(sheet, mapping[col], text, values, cell.where, row_key)
                    if isinstance(outcome, tuple):
                        cell.targets.append(outcome)
                        placed.append(cell)
                    else:
                        cell.reason = outcome
            if placed:
                sheet_rows[sheet].append(values)
                for cell in placed:
                    cell.rows.append(values)

    # Indicator tables.
    cols = data["indicator_columns"]
    for col in cols:
        fmt_col = form.columns.get(col) or (form.periods.get(col) or (None, None))[1]
        target = (INDICATORS, fmt_col) if fmt_col else None
        if col in form.periods:  # a side-by-side layout labels each half: 二级指标(长期) …
            target = (INDICATORS, fmt_col, form.periods[col][0])
        if col in form.per_project:  # 07: a project's own cell, printed in its 附件3 header
            target = (LINES, form.per_project[col])
        cells.append(_label_cell("indicator column label", col, target, layout))
    merged = data["source"].get("merged_columns", [])
    indicator_rows = []
    previous = {}  # merged column → the merge key of the cell above
    previous_cells = {}  # merged column → that cell
    order = {}
    project_index = -1
    for block in data["indicator_blocks"]:
        if block["title"]:
            names = {r["项目名称"] for r in block["rows"]} if form.per_project else set()
            cells.append(_title_cell(unmangle(block["title"], form), layout, names))
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
            line_order = project_index + 1 if form.project and not form.standalone else None
            if form.project and not form.standalone:
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
                # A blank 一级 or 二级 imports blank (and warns): no name is made up for the form.
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
    for cell, name in project_goals:
        i = next((i for i, v in enumerate(projects) if v.get("附件3支出方向（子项）") == name), None)
        if i is None or squash(projects[i].get("附件3年度绩效目标")) != squash(cell.text):
            cell.reason = "表内没有该项目的「年度目标」一栏与之相同"
            continue
        cell.targets.append((LINES, (i + 1,), "附件3年度绩效目标"))
    lines = []
    for values in projects:
        values.setdefault("附件3支出方向（子项）", "")
        values["支出方向（子项）"] = values["附件3支出方向（子项）"] or "（未印项目名称）"
        lines.append(_row(LINES, values))
    rows = {
        DEPARTMENTS: [[code, dept_name.strip()[:100], DISTRICT[0], DISTRICT[1], DISTRICT[2], "部门", 0, True]],
        FILINGS: [_row(FILINGS, filing)],
        INDICATORS: [_row(INDICATORS, r) for r in indicator_rows],
        EXTRA_FIELDS: [_row(EXTRA_FIELDS, r) for r in field_rows],
    }
    if form.standalone:
        head.setdefault("项目名称", "")
        rows[PROJECTS] = [_row(PROJECTS, head)]
        rows.update({sheet: [_row(sheet, v) for v in values] for sheet, values in sheet_rows.items()})
    else:
        rows.update({OVERALL: [_row(OVERALL, overall)], LINES: lines})
    return Loaded(nn, data, code, year, rows, cells)


def _money_row(label, value, put, new_row, sheet_rows):
    """A printed 资金 row → one 项目资金 row (项目 as printed, 金额 as typed), or, when its amount is not
    one the format reads, no row at all (a row printed without its amount would say it had none)."""
    label_cell = Cell(f"money row {label!r}", label, "value")
    value_cell = Cell(f"money {label!r}", value, "value") if value else None
    values, row_key = new_row(PROJECT_MONEY)
    outcome = put(PROJECT_MONEY, "金额", value, values, value_cell and value_cell.where, row_key)
    if not isinstance(outcome, tuple):
        label_cell.reason = value_cell.reason = f"{outcome}，该行不导入"
        return [label_cell, value_cell]
    outcome = put(PROJECT_MONEY, "项目", label, values, label_cell.where, row_key)
    if not isinstance(outcome, tuple):
        label_cell.reason = outcome
        return [c for c in (label_cell, value_cell) if c]
    sheet_rows[PROJECT_MONEY].append(values)
    for cell, column in ((label_cell, "项目"), (value_cell, "金额")):
        if cell:
            cell.targets.append((PROJECT_MONEY, row_key, column))
            cell.rows.append(values)
    return [c for c in (label_cell, value_cell) if c]


def _label_cell(where, label, target, layout):
    cell = Cell(f"{where} {label!r}", label, "label")
    if target is None:
        cell.reason = "标签：其值没有对应的列"
    elif target[0] == INDICATORS:
        expected = shown_under(layout, target[1])
        if expected and len(target) > 2 and target[1] != "一级指标":
            suffix = LAYOUT[layout]["header"].get("pair_implementation" if target[2] == "实施期" else "pair_annual")
            expected += suffix or ""
        if label_key(label) == label_key(expected):
            cell.label_of = tuple(target[:2])
        else:
            cell.reason = f"标签：表样 {layout} 在此列印「{expected or '（不印此列）'}」"
    elif grid_parts(layout, *target) and label.split() == list(grid_parts(layout, *target)):
        cell.label_of = tuple(target)  # a grid cell's labels: its group, its row, its column
        cell.parts = grid_parts(layout, *target)
    elif label_key(label) == label_key(printed_label(layout, *target)):
        cell.label_of = tuple(target)
    else:
        cell.reason = f"标签：表样 {layout} 在此处印「{printed_label(layout, *target) or '（无）'}」"
    return cell


def _title_cell(title, layout, project_names=()):
    cell = Cell(f"block title {title!r}", title, "label")
    name = title.removesuffix(" (truncated)")  # the transcriber's note on 07's cut-off block, not print
    if squash(title) in {squash(t) for t in block_titles(layout)}:
        cell.label_of = (INDICATORS, "期间")
    elif name in project_names:  # 07: each project's rows under its merged 项目名称 cell
        cell.label_of = (LINES, "附件3支出方向（子项）")
        cell.parts = (name,)
    else:
        cell.reason = f"标签：表样 {layout} 印「{'」「'.join(sorted(block_titles(layout)))}」"
    return cell


