"""Rules 1–4: header completeness and the money that must reconcile across 附件1, 附件2 and 附件3."""

import datetime

from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS, MONEY_FIELDS

from ..review import quote, wan


def _differs(a, b, tolerance):
    return abs((a or 0) - (b or 0)) > tolerance


def _parts(pairs):
    """「一般公共预算拨款1482.9＋政府性基金拨款10」 — only the filled cells."""
    filled = [f"{label}{wan(v)}" for label, v in pairs if v is not None]
    return "＋".join(filled) if filled else "均未填写"


def check_project_form(review):
    """A project form needs its 项目名称, 项目资金 and goals; it has no 附件1 money or 附件2 to reconcile."""
    if not review.is_project_filing:
        return
    form, loc = review.project_form, review.att1
    if form is None:
        yield review.finding("R01_HEADER_MISSING", loc.at("name", "项目名称"), "项目支出绩效目标表未填写表头（项目名称、项目资金等）")
        return
    for field, label, missing in [
        ("name", "项目名称", not form.name.strip()),
        ("amount", "项目资金", form.amount is None and not form.amount_text.strip()),
        ("annual_goal", "年度目标", not form.annual_goal.strip()),
    ]:
        if missing:
            yield review.finding("R01_HEADER_MISSING", loc.at(field, label), f"项目支出绩效目标表未填写{label}")
    # A form that printed 「854万（其中…）」 keeps that text; its sums cannot be checked without a number.
    unread = [("amount", "项目资金总额", form.amount, form.amount_text)]
    unread += [("money", f"项目资金「{r.label}」", r.amount, r.amount_text) for r in form.money_rows.all()]
    unread += [("cost", f"成本测算「{r.item}」", r.amount, r.amount_text) for r in form.cost_rows.all()]
    for field, label, amount, text in unread:
        if amount is None and text.strip():
            yield review.finding("R01_AMOUNT_UNREAD", loc.at(field, label),
                                 f"{label}填的是「{text.strip()}」，读不出一个金额，相关合计无法核对；请只填数字（单位见金额单位）")


def _overall_only(rule):
    """附件1/附件2/附件3 rules say nothing about a stand-alone project form."""
    def wrapped(review):
        if review.is_project_filing:
            return
        yield from rule(review)
    wrapped.__name__ = rule.__name__
    return wrapped


def check_filing_header(review):
    f = review.filing
    prints_money = any(k in review.header for k in ("total_amount", "income", "expense"))
    if not f.department_name.strip():
        yield review.finding("R01_HEADER_MISSING", review.att1.at("department_name", "部门名称"),
                             "附件1未填写部门名称（填报单位）")
    amounts = [getattr(f, name) for name in MONEY_FIELDS]
    if all(a is None for a in amounts) and prints_money:
        yield review.finding("R01_HEADER_MISSING", review.att1.at("total_amount", "资金总额"),
                             "附件1未填写年度预算申请金额（资金总额及其按收入性质、支出性质的分项）")


def check_sheet_headers(review):
    year = review.filing.year
    for table in review.tables[1:]:
        sheet, loc = table.sheet, table.location
        for field, key, label, missing in [
            ("name", "sheet_name", "支出方向（子项）", not sheet.name.strip()),
            ("fund_text", "fund", "所属专项", not sheet.fund_text.strip()),
            ("amount", "amount", "项目金额", sheet.amount is None),
            ("period_text", "period", "项目实施期", not sheet.period_text.strip()),
        ]:
            if missing and key in review.header:  # a field the layout does not print is not asked for
                label = review.header[key] or label
                yield review.finding("R01_HEADER_MISSING", loc.at(field, label), f"{loc.label}未填写{label}")
        if not sheet.period_text.strip():
            continue
        start, end = sheet.period_start, sheet.period_end
        period_loc = loc.at("period_text", "项目实施期")
        if start is None or end is None:
            yield review.finding("R01_PERIOD_INVALID", period_loc,
                                 f"项目实施期「{quote(sheet.period_text)}」无法识别起止日期，"
                                 f"请按「{year}.1.1-{year}.12.31」的格式填写", period=sheet.period_text)
        elif start > end:
            yield review.finding("R01_PERIOD_INVALID", period_loc,
                                 f"项目实施期开始日期{start:%Y.%m.%d}晚于结束日期{end:%Y.%m.%d}",
                                 start=start, end=end)
        elif end < datetime.date(year, 1, 1) or start > datetime.date(year, 12, 31):
            yield review.finding("R01_PERIOD_INVALID", period_loc,
                                 f"项目实施期{start:%Y.%m.%d}-{end:%Y.%m.%d}不含预算年度{year}年",
                                 start=start, end=end, year=year)


def check_totals(review):
    f = review.filing
    tol = review.settings.money_tolerance
    if f.total_amount is None and all(getattr(f, n) is None for n, _ in INCOME_FIELDS + EXPENSE_FIELDS):
        return  # reported once as a missing header
    total = f.total_amount or 0
    income = [(label, getattr(f, name)) for name, label in INCOME_FIELDS]
    expense = [(label, getattr(f, name)) for name, label in EXPENSE_FIELDS]
    for code, field_label, field, pairs in [
        ("R02_TOTAL_BY_INCOME", "按收入性质分", "income_general", income),
        ("R02_TOTAL_BY_EXPENSE", "按支出性质分", "expense_basic", expense),
    ]:
        parts = sum((v for _, v in pairs if v is not None), start=0)
        if _differs(total, parts, tol):
            yield review.finding(
                code, review.att1.at(field, field_label),
                f"资金总额{wan(total)}{review.unit}，{field_label}合计{wan(parts)}{review.unit}（{_parts(pairs)}），"
                f"相差{wan(abs(total - parts))}{review.unit}",
                total=total, parts=parts, difference=total - parts,
            )


def check_project_vs_att2(review):
    f = review.filing
    lines_total = sum((lp.line.amount or 0 for lp in review.packet.lines), start=0)
    if not review.packet.lines and not f.expense_project:
        return
    if _differs(f.expense_project, lines_total, review.settings.money_tolerance):
        project = f.expense_project or 0
        tops = "＋".join(f"{wan(lp.line.amount)}" for lp in review.packet.lines) or "无支出方向"
        yield review.finding(
            "R03_PROJECT_VS_ATT2", review.att1.at("expense_project", "项目支出"),
            f"附件1项目支出{wan(project)}{review.unit}，附件2合计{wan(lines_total)}{review.unit}（{tops}），"
            f"相差{wan(abs(project - lines_total))}{review.unit}",
            expense_project=project, att2_total=lines_total, difference=project - lines_total,
        )


def check_parents(review):
    tol = review.settings.money_tolerance
    for lp in review.packet.lines:
        if not lp.children:
            continue
        children = sum((c.amount or 0 for c in lp.children), start=0)
        if _differs(lp.line.amount, children, tol):
            amount = lp.line.amount or 0
            parts = "＋".join(f"{quote(c.name, 10)}{wan(c.amount)}" for c in lp.children)
            yield review.finding(
                "R03_PARENT_VS_CHILDREN", review.line_locations[lp.line.pk].at("amount", "金额"),
                f"附件2「{quote(lp.line.name, 20)}」金额{wan(amount)}{review.unit}，其子项合计{wan(children)}{review.unit}"
                f"（{parts}），相差{wan(abs(amount - children))}{review.unit}",
                amount=amount, children=children, difference=amount - children,
            )


def _lines_needing_sheets(review):
    for lp in review.packet.lines:
        if review.settings.sheet_per_leaf and lp.children:
            yield from lp.children
        else:
            yield lp.line


def check_sheets(review):
    tol = review.settings.money_tolerance
    with_sheet = {t.line.pk for t in review.tables[1:]}
    for line in _lines_needing_sheets(review):
        if line.pk not in with_sheet and line.amount:
            yield review.finding(
                "R04_SHEET_MISSING", review.line_locations[line.pk],
                f"附件2「{quote(line.name, 20)}」（{wan(line.amount)}{review.unit}）没有对应的附件3支出方向绩效目标表",
                amount=line.amount,
            )
    if not review.has_attachment2:
        return  # a form without 附件2 (四川2023): its 附件3 rows carry no amount of their own to match
    for table in review.tables[1:]:
        sheet, line = table.sheet, table.line
        if sheet.amount is not None and _differs(sheet.amount, line.amount, tol):
            yield review.finding(
                "R04_SHEET_AMOUNT", table.location.at("amount", "项目金额"),
                f"附件3「{quote(sheet.name, 20)}」项目金额{wan(sheet.amount)}{review.unit}，对应的附件2"
                f"「{quote(line.name, 20)}」金额{wan(line.amount)}{review.unit}，"
                f"相差{wan(abs(sheet.amount - (line.amount or 0)))}{review.unit}",
                sheet_amount=sheet.amount, line_amount=line.amount,
            )


RULES = [check_project_form, *map(_overall_only, [check_filing_header, check_sheet_headers, check_totals,
                                                  check_project_vs_att2, check_parents, check_sheets])]
