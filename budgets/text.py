"""A filing as plain text, in the forms' reading order (show_filing, diffs, support e-mails).

Renders the blocks of budgets.reading.read_filing(), one function per kind of block.
"""

from .models.money import format_money
from .reading import cell_text, read_filing


def _cell(text):
    return (text or "").replace("\n", "⏎")


def _money(b, section):
    out = [f"  {b.department_label}：{b.department_name}"]
    if b.total_label:
        out.append(f"  {b.total_label}：{format_money(b.total_amount)} {b.money_unit}")
    column = f"（{b.amount_column}）" if b.amount_column else ""
    if b.income_rows:
        out.append(f"  {b.income_label}{column}：" + "；".join(f"{label} {format_money(v)}" for label, v in b.income_rows))
    if b.expense_rows:
        out.append(f"  {b.expense_label}{column}：" + "；".join(f"{label} {format_money(v)}" for label, v in b.expense_rows))
    return out


def _text(b, section):
    return [f"  {b.label}：{_cell(b.text)}"]


def _key_tasks(b, section):
    out = ["  年度重点工作计划："]
    for t in b.tasks:
        amount = f" | 预算金额 {format_money(t.amount)}" if t.amount is not None else ""
        out.append(f"    {_cell(t.item)} | {_cell(t.responsible)} | {_cell(t.goal)}{amount}")
    return out


def _indicators(b, section):
    """The layout's columns under its labels, every row's cells in that order."""
    out = [f"  {b.title}（{len(b.indicators)}行）：", "    " + " | ".join(c.label for c in b.columns)]
    for line in b.lines:
        tiers = [_cell(cell_text(line.indicator, c.key, b.split)) for c in b.tier_columns]  # printed 二级 may wrap
        out.append("    " + " | ".join([*tiers, *(_cell(text) for _, text in line.cells)]))
    return out


def _paired_indicators(b, section):
    """Each half as its own table, its headers carrying the half's suffix (二级指标(长期) …)."""
    out = []
    for half, suffix in ((b.left, b.left_suffix), (b.right, b.right_suffix)):
        if not half.indicators:
            continue
        out += [f"  {b.title}{suffix}（{len(half.indicators)}行）：",
                "    " + " | ".join(c.label if c.key == "level1" else c.label + suffix for c in half.columns)]
        for line in half.lines:
            tiers = [_cell(cell_text(line.indicator, c.key, half.split)) for c in half.tier_columns]
            out.append("    " + " | ".join([*tiers, *(_cell(text) for _, text in line.cells)]))
    return out


def _sheets_table(b, section):
    """Each project's own cells, then its rows: every printed row carries its project's cells."""
    out = ["    " + " | ".join(c.label for c in b.columns)]
    for cells, rows in b.projects:
        for row in rows:
            out.append("    " + " | ".join(_cell(text) for _, text in [*cells, *row]))
    return out


def _sub_items(b, section):
    out = ["    序号 | 支出方向（子项） | 金额 | 实施期绩效目标 | 年度绩效目标",
           f"    | 合  计 | {format_money(b.total)} | |"]
    for line, is_child in b.rows:
        prefix = "  └ " if is_child else ""
        out.append(f"    {line.seq} | {prefix}{_cell(line.name)} | {format_money(line.amount)} | "
                   f"{_cell(line.period_goal)} | {_cell(line.annual_goal)}")
    return out


def _sheet_header(b, section):
    s = b.sheet
    out = [f"  {b.name_label}：{_cell(s.name)}    {b.fund_label}：{_cell(s.fund_text)}",
           f"  对应附件2：{b.line.seq} {_cell(b.line.name)}"]
    if s.implementing_unit or s.project_leader:
        out.append(f"  {b.unit_label}：{_cell(s.implementing_unit)}    项目负责人：{_cell(s.project_leader)}")
    if s.attribute or s.category:
        out.append(f"  项目属性：{s.get_attribute_display()}    项目类别：{_cell(s.category)}")
    out.append(f"  {b.amount_label}：{format_money(s.amount)}    {b.period_label}：{s.period_text}")
    return out


def _funding(b, section):
    return ["  资金构成：" + "；".join(f"{label} {format_money(v)}" for label, v in b.rows)]


def _sheet_goals(b, section):
    out = [f"  立项依据：{_cell(b.basis)}"] if b.basis.strip() else []
    if b.shows_period_goal:
        out.append(f"  {b.period_goal_label}：{_cell(b.period_goal)}")
    return out + [f"  {b.annual_goal_label}：{_cell(b.annual_goal)}"]


def _project_header(b, section):
    return [f"  {label}：{_cell(text)}" for label, text in b.pairs]


def _project_money(b, section):
    out = [f"  {b.total_label}：{b.amount_label}：{b.total} {b.unit}"]
    out += [f"    {_cell(label)} | {_cell(source)} | {amount}" for label, source, amount in b.lines]
    return out


def _project_cost(b, section):
    out = [f"  成本测算（{b.unit}）：", "    测算项目 | 金额 | 测算（公式）依据 | 上年实际"]
    out += [f"    {_cell(item)} | {amount} | {_cell(basis)} | {_cell(last)}" for item, amount, basis, last in b.lines]
    return out + [f"    合计 | {b.total} | |"]


def _schedule(b, section):
    if b.has_until:
        return ["  实施进度计划：", "    阶段 | 开始时间 | 完成时间 | 内容"] + [
            f"    {_cell(r.stage)} | {_cell(r.when)} | {_cell(r.until)} | {_cell(r.content)}" for r in b.rows]
    return ["  实施进度计划：", "    阶段 | 时间 | 内容"] + [
        f"    {_cell(r.stage)} | {_cell(r.when)} | {_cell(r.content)}" for r in b.rows]


def _sign_off(b, section):
    return [f"  {b.filled_by_label}：{b.filled_by}    {b.signed_by_label}：{b.signed_by}    "
            f"{b.signed_on_label}：{b.signed_on}"]


def _form_fields(b, section):
    if b.place == "title":
        return ["  " + "    ".join(f"{label}{_cell(text)}" for label, text in b.pairs)]
    return [f"  {label}：{_cell(text)}" for label, text in b.pairs]


RENDER = {
    "project_header": _project_header, "project_money": _project_money, "project_cost": _project_cost,
    "schedule": _schedule, "sign_off": _sign_off, "form_fields": _form_fields,
    "money": _money, "text": _text, "key_tasks": _key_tasks, "indicators": _indicators,
    "paired_indicators": _paired_indicators, "sheets_table": _sheets_table,
    "sub_items": _sub_items, "sheet_header": _sheet_header, "funding": _funding,
    "sheet_goals": _sheet_goals,
}


def _heading(section, year):
    if section.attachment == 0:
        under = "    ".join(f"{label}{text}" for label, text in section.title_fields) or f"（{year}年度）"
        return f"{section.title}{under}"
    if section.attachment == 3:
        return f"附件3（{section.number}/{section.count}）  {section.title}"
    if section.attachment == 2:
        return f"附件2  {section.title}（金额单位：{section.money_unit}）"
    return f"附件1  {section.title}（金额单位：{section.money_unit}）"


def filing_as_text(filing):
    reading = read_filing(filing)
    f = reading.filing
    out = [
        f"{f.year}年 {f.department_name}（部门编码 {f.department.code}，第{f.version}版，"
        f"{f.get_status_display()}，{f.get_origin_display()}，指标体系：{f.framework.name}，表样：{f.layout.name}）",
    ]
    for section in reading.sections:
        out += ["", _heading(section, f.year)]
        for block in section.blocks:
            out += RENDER[block.kind](block, section)
    return "\n".join(out) + "\n"
