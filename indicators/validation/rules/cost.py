"""Rules 9 and 11: cost figures that must add up to the money, and money posing as an indicator.

All amounts in 万元 as Decimal; a typed 「万」 or 「元」 is converted, never rounded.
"""

from decimal import Decimal

from indicators.models import Level2
from indicators.values import COMPOSITE, NUMBER, money_in_wan

from ..findings import ATT1
from ..review import quote, wan

K = Level2.Kind
COST_KINDS = {K.COST, K.ECONOMIC_COST}
# 产出 and cost rows: where a budget amount shows up instead of an output (domain.md §1.5 rule 6).
OUTPUT_KINDS = {K.QUANTITY, K.QUALITY, K.TIMELINESS, K.COST, K.ECONOMIC_COST}
_PERIODS = [("每季度", 4, "季度"), ("每季", 4, "季度"), ("每月", 12, "月")]
# Counting units that mean the same thing on a form: 24人 pays 6.3万元/名 just as well.
_SAME_COUNT = {"人": {"人", "名", "人次"}, "名": {"人", "名"}}


def _money(measure, allow_bare):
    if measure.unit == "" and allow_bare:
        return measure.number
    return money_in_wan(measure.number, measure.unit)


def _differs(a, b, tolerance):
    return abs(a - b) > tolerance


def check_periodic_cost(review, row):
    """「全年12个月，每月55.83万元」: the monthly figure times the months should be the 项目金额."""
    if row.kind not in COST_KINDS or row.table.amount is None or row.value.kind not in (NUMBER, COMPOSITE):
        return
    measures = row.value.measures
    for m in measures:
        period = next((p for p in _PERIODS if p[0] in m.label), None)
        per = money_in_wan(m.number, m.unit)
        if period is None or per is None:
            continue
        word, count, noun = period
        typed = next((x.number for x in measures if x is not m and x.unit in ("个月", "月") and noun == "月"), None)
        count = typed if typed is not None else Decimal(count)
        product = per * count
        amount = row.table.amount
        if _differs(product, amount, review.settings.cost_tolerance):
            yield review.finding(
                "R09_MONTHLY_COST", row.value_at,
                f"{row.subject}：{word}{wan(per)}万元×{wan(count)}={wan(product)}万元，"
                f"与项目金额{wan(amount)}万元相差{wan(abs(product - amount))}万元",
                per_period=per, periods=count, product=product, amount=amount, difference=product - amount,
            )


def check_unit_cost(review, row):
    """「6.3万元/人」 with 「24人」 on the same sheet: the product should be the 项目金额."""
    v = row.value
    if row.kind not in COST_KINDS or row.table.amount is None or v.kind != NUMBER or not v.per_unit:
        return
    per = money_in_wan(v.number, v.base_unit)
    if per is None:
        return
    units = _SAME_COUNT.get(v.per_unit, {v.per_unit})
    count_row = next((r for r in row.table.rows if r is not row and r.value.kind == NUMBER
                      and r.value.unit in units and r.kind not in COST_KINDS), None)
    if count_row is None:
        return
    count, amount = count_row.value.number, row.table.amount
    product = per * count
    if v.operator in ("≤", "<") and product <= amount:
        return  # a ceiling that the budget covers
    if _differs(product, amount, review.settings.cost_tolerance):
        yield review.finding(
            "R09_UNIT_COST", row.value_at,
            f"{row.subject}：{wan(per)}万元/{v.per_unit}×{wan(count)}{count_row.value.unit}={wan(product)}万元，"
            f"与项目金额{wan(amount)}万元相差{wan(abs(product - amount))}万元",
            unit_cost=per, count=count, product=product, amount=amount, difference=product - amount,
        )


def _budget_amounts(review, table):
    """Amounts that are inputs, not results: what a value must not merely repeat."""
    f = review.filing
    out = {}
    if table.attachment == ATT1:
        for lp in review.packet.lines:
            out.setdefault(lp.line.amount, f"附件2「{quote(lp.line.name, 12)}」金额")
    else:
        for child in next((lp.children for lp in review.packet.lines if lp.line.pk == table.line.pk), []):
            out.setdefault(child.amount, f"附件2子项「{quote(child.name, 12)}」金额")
        out[table.line.amount] = "附件2金额"
        out[table.amount] = "项目金额"
    for value, label in [(f.total_amount, "资金总额"), (f.expense_basic, "基本支出"), (f.expense_project, "项目支出")]:
        out.setdefault(value, label)
    out.pop(None, None)
    return {Decimal(k): v for k, v in out.items() if k}


def check_budget_as_value(review, row):
    """「40万」 on a sheet of 40万元, 「462.21」 = 基本支出: the input restated, not an output or a cost."""
    if row.kind not in OUTPUT_KINDS or row.value.kind not in (NUMBER, COMPOSITE) or row.value.per_unit:
        return
    amounts = _budget_amounts(review, row.table)
    hits = []
    for m in row.value.measures:
        if any(p[0] in m.label for p in _PERIODS):
            continue
        value = _money(m, allow_bare=row.kind in COST_KINDS)
        if value is not None and value in amounts:
            hits.append(f"{amounts[value]}{wan(value)}万元")
    if hits:
        yield review.finding(
            "R11_BUDGET_AS_VALUE", row.value_at,
            f"{row.title}的指标值「{quote(row.value_text)}」就是{'、'.join(hits)}：预算投入不能作为绩效指标，"
            f"成本指标宜写单位成本或成本控制率（如「≤6.3万元/人」）",
            amounts="、".join(hits),
        )


def _absolute_amounts(table):
    """Cost rows holding a plain amount (「61.62万」), as (row, 万元); None if any cost row is another kind."""
    out = []
    for row in table.rows:
        if row.kind not in COST_KINDS or not row.value_text:
            continue
        v = row.value
        amount = money_in_wan(v.number, v.unit) if v.kind == NUMBER and not v.per_unit and not v.label else None
        if amount is None:
            return None
        out.append((row, amount))
    return out


def check_cost_sum(review):
    """Several plain cost amounts on one 附件3: they either split the 项目金额 or disagree with it."""
    for table in review.tables[1:]:
        amounts = _absolute_amounts(table)
        if not amounts or table.amount is None:
            continue
        total = sum((a for _, a in amounts), start=Decimal(0))
        names = "＋".join(f"{r.subject}{wan(a)}" for r, a in amounts)
        if _differs(total, table.amount, review.settings.cost_tolerance):
            yield review.finding(
                "R09_COST_SUM", table.location.at("amount", "项目金额"),
                f"成本指标合计{wan(total)}万元（{names}），与项目金额{wan(table.amount)}万元相差"
                f"{wan(abs(total - table.amount))}万元",
                total=total, amount=table.amount, difference=total - table.amount,
            )
        elif len(amounts) > 1:
            # Each row alone matches no amount, together they are the whole budget: a split, not a cost.
            for row, amount in amounts:
                yield review.finding(
                    "R11_BUDGET_AS_VALUE", row.value_at,
                    f"{row.title}的指标值「{quote(row.value_text)}」与同表其他成本指标合计{wan(total)}万元（{names}），"
                    f"正是项目金额：这是预算分项，不是成本指标，宜写单位成本或成本控制率",
                    amount=amount, total=total,
                )


def _in_wan(rule):
    """These rules read 万/元 in 指标值 against amounts in 万元: on a filing in another unit they keep quiet."""
    def wrapped(review, *args):
        if review.unit != "万元":
            return
        yield from rule(review, *args)
    wrapped.__name__ = rule.__name__
    return wrapped


ROW_RULES = [_in_wan(r) for r in (check_periodic_cost, check_unit_cost, check_budget_as_value)]
RULES = [_in_wan(check_cost_sum)]
