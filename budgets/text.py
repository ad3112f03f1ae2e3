"""A filing as plain text, in the forms' reading order (show_filing, diffs, support e-mails)."""

from decimal import Decimal

from .packet import lines_total, load_packet


def fmt_money(value):
    """万元 as printed on the form: no trailing zeros, blank stays blank."""
    if value is None:
        return ""
    # Sums of blank amounts come back as int 0; money is Decimal everywhere else.
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def _cell(text):
    return (text or "").replace("\n", "⏎")


def _indicator_lines(indicators):
    out = ["    一级指标 | 二级指标 | 三级指标 | 指标值 | 备注"]
    for ind in indicators:
        out.append(
            f"    {ind.level2.level1.name} | {ind.level2.name} | {_cell(ind.name)} | {_cell(ind.value_text)} | {_cell(ind.remark)}"
        )
    return out


def _indicator_blocks(indicators):
    """实施期 rows under their own heading before the 年度 block, as the forms print them.

    A filing with 年度 rows only (the seed) prints one 年度 block, as before.
    """
    implementation = [i for i in indicators if i.period == "implementation"]
    annual = [i for i in indicators if i.period != "implementation"]
    out = []
    if implementation:
        out.append(f"  实施期绩效指标（{len(implementation)}行）：")
        out += _indicator_lines(implementation)
    out.append(f"  年度绩效指标（{len(annual)}行）：")
    return out + _indicator_lines(annual)


def filing_as_text(filing):
    p = load_packet(filing)
    f = p.filing
    out = [
        f"{f.year}年 {f.department_name}（部门编码 {f.department.code}，第{f.version}版，"
        f"{f.get_status_display()}，{f.get_origin_display()}，指标体系：{f.framework.name}）",
        "",
        f"附件1  {f.year}年部门整体支出绩效目标表",
        f"  部门名称：{f.department_name}",
        f"  资金总额：{fmt_money(f.total_amount)} 万元",
        "  按收入性质分：" + "；".join(f"{label} {fmt_money(v)}" for label, v in f.income_rows()),
        "  按支出性质分：" + "；".join(f"{label} {fmt_money(v)}" for label, v in f.expense_rows()),
        f"  部门职责概述：{_cell(f.duties)}",
    ]
    if f.overall_goal:
        out.append(f"  年度总体目标：{_cell(f.overall_goal)}")
    out.append("  年度重点工作计划：")
    for t in p.key_tasks:
        amount = f" | 预算金额 {fmt_money(t.amount)}" if t.amount is not None else ""
        out.append(f"    {_cell(t.item)} | {_cell(t.responsible)} | {_cell(t.goal)}{amount}")
    out += _indicator_blocks(p.indicators)

    out += ["", f"附件2  {f.year}年专项资金预算绩效目标汇总表（金额单位：万元）",
            "    序号 | 支出方向（子项） | 金额 | 实施期绩效目标 | 年度绩效目标",
            f"    | 合  计 | {fmt_money(lines_total(p))} | |"]
    for lp in p.lines:
        for line in [lp.line, *lp.children]:
            prefix = "" if line.parent_id is None else "  └ "
            out.append(f"    {line.seq} | {prefix}{_cell(line.name)} | {fmt_money(line.amount)} | "
                       f"{_cell(line.period_goal)} | {_cell(line.annual_goal)}")

    for i, sp in enumerate(p.sheets, start=1):
        s = sp.sheet
        out += ["", f"附件3（{i}/{len(p.sheets)}）  {f.year}年专项资金支出方向绩效目标表",
                f"  支出方向（子项）：{_cell(s.name)}    所属专项：{_cell(s.special_fund)}",
                f"  对应附件2：{sp.line.seq} {_cell(sp.line.name)}",
                f"  项目金额：{fmt_money(s.amount)}    项目实施期：{s.period_text}",
                f"  实施期绩效目标：{_cell(s.period_goal)}",
                f"  年度绩效目标：{_cell(s.annual_goal)}"]
        out += _indicator_blocks(sp.indicators)
    return "\n".join(out) + "\n"
