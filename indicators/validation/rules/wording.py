"""Rules 6–8, 10 and the year half of 12, row by row: is this 指标值 something one can check?"""

import re

from indicators.models import Level2
from indicators.values import (
    COMPOSITE,
    DATE,
    EMPTY,
    GRADE,
    KEPT_PLACES,
    KEPT_WHOLE_DIGITS,
    MAGNITUDES,
    NUMBER,
    TEXT,
    normalize,
)

from ..findings import ATT3
from ..review import quote, same_name

SATISFACTION = Level2.Kind.SATISFACTION
MONEY_KINDS = {Level2.Kind.COST, Level2.Kind.ECONOMIC_COST}
# A percentage above 100 is fine for a growth rate; the name has to say so.
_GROWTH = ("增长率", "增幅", "增速", "增长", "比上年", "同比")
_MEASURABLE = re.compile(r"(增长|提升|提高|增强)[率幅额量]")
_SENTENCE = re.compile(r"[，。；！？,;!?\n]")
GRADE_HINT = "达成年度指标／部分达成年度指标并具有一定效果／未达成年度指标且效果较差"


def vague_words_in(text, words):
    # 「增长率」「提升幅度」 name a measurable rate, so a word followed by 率/幅/额/量 does not count.
    text = _MEASURABLE.sub("", text)
    found = sorted((w for w in words if w in text), key=text.find)
    # 「持续提高」 reports 持续 and 提高, but 「工作质量提升」 must not also report a shorter word it contains twice.
    return [w for w in found if not any(w != other and w in other for other in found)]


QUANTITATIVE, QUALITATIVE = "定量", "定性"  # 指标值类型 as typed (budgets.Indicator.ValueType)


def _declared_type(row):
    return getattr(row.ind, "value_type", "") or ""


def _is_percentage(v):
    return v.kind == NUMBER and v.unit == "%"


def check_presence(review, row):
    if row.name and not row.value_text:
        yield review.finding("R06_VALUE_MISSING", row.value_at,
                             f"{row.title}未填写指标值")


def _gaps(review, row):
    """What a row with a 指标值 lacks: its 三级 name and, for a number, its operator and unit, as
    (code, what is missing, where, data) in column order."""
    v = row.value
    gaps = []
    if row.value_text and not row.name:
        gaps.append(("R06_NAME_MISSING", "三级指标名称", row.name_at, {}))
    if v.kind != NUMBER or (_declared_type(row) == QUALITATIVE and _is_percentage(v)):
        return gaps
    unit_at = row.location.at("unit", "计量单位") if "unit" in review.columns else row.value_at
    if not v.operator:
        at = row.location.at("operator", "指标性质") if "operator" in review.columns else row.value_at
        gaps.append(("R06_OPERATOR_MISSING", "指标性质", at, {"value": row.value_text}))
    if not v.unit:
        gaps.append(("R06_UNIT_MISSING", "计量单位", unit_at, {"value": row.value_text}))
    elif v.unit in MAGNITUDES and row.kind not in MONEY_KINDS:
        # On a cost row 「40万」 means 万元; elsewhere 「2.4万」 says how many, not of what.
        gaps.append(("R06_UNIT_MISSING", f"计量单位（「{v.unit}」只是数量级）", unit_at,
                     {"value": row.value_text, "magnitude": v.unit}))
    return gaps


def _one_gap_message(row, code, data):
    """A single gap: the message that says how to fill it."""
    shown = quote(row.value_text)
    if code == "R06_NAME_MISSING":
        return f"{row.tier2}有指标值「{shown}」，但未填写三级指标名称"
    if code == "R06_OPERATOR_MISSING":
        return f"{row.title}的指标值「{shown}」没有指标性质：请写明「≥{shown}」「={shown}」或「≤{shown}」"
    if "magnitude" in data:
        return f"{row.title}的指标值「{shown}」只有数量级「{data['magnitude']}」，没有计量单位（如 人、户、个）"
    return f"{row.title}的指标值「{shown}」没有计量单位（如 %、个、人、万元）"


def check_completeness(review, row):
    """One row, one finding: a number with no 三级 name, no operator and no unit is one gap listing
    all three (under the first one's code, so a district's setting for it applies), not three."""
    gaps = _gaps(review, row)
    if not gaps:
        return
    code, _, at, data = gaps[0]
    if len(gaps) == 1:
        yield review.finding(code, at, _one_gap_message(row, code, data), **data)
        return
    labels = [label for _, label, _, _ in gaps]
    listed = "、".join(labels[:-1]) + "和" + labels[-1]
    yield review.finding(code, at, f"{row.title}的指标值「{quote(row.value_text)}」缺少{listed}，请补全",
                         **data, missing=[c for c, _, _, _ in gaps])


def check_unkept(review, row):
    """A number no row can keep exactly (「≥0.0000001%」, 15 whole digits): the text is kept as typed,
    but the number is not read, so it could not be checked or totalled. One finding says so; the
    text rules below keep quiet about it."""
    v = row.value
    if v.unkept:
        yield review.finding(
            "R06_NUMBER_UNKEPT", row.value_at,
            f"{row.title}的指标值「{quote(row.value_text)}」中的数值{quote(v.unkept, 24)}超出系统可保存的位数"
            f"（整数最多{KEPT_WHOLE_DIGITS}位、小数最多{KEPT_PLACES}位），只按文字保存，无法核对：请改写数值"
            "（如换用更大的计量单位）",
            number=v.unkept,
        )


def check_quantity(review, row):
    v = row.value
    if v.unkept:
        return  # check_unkept says it
    declared = _declared_type(row)
    if declared == QUALITATIVE and _is_percentage(v):
        yield review.finding(
            "R06_VALUE_TYPE", row.value_at,
            f"{row.title}标为定性指标，指标值却是百分比「{quote(row.value_text)}」：请改为定量指标，"
            f"或改用定性分级（{GRADE_HINT}）",
            value_type=declared,
        )
        return
    if v.kind != NUMBER:
        if declared == QUANTITATIVE and v.kind in (TEXT, GRADE):
            if v.kind == TEXT and vague_words_in(v.text, review.settings.vague_words):
                return  # the vague value warning says what to write instead
            yield review.finding(
                "R06_VALUE_TYPE", row.value_at,
                f"{row.title}标为定量指标，指标值「{quote(row.value_text)}」却不是数值：请写数值和计量单位，"
                "或改为定性指标",
                value_type=declared,
            )
            return
        if row.kind == SATISFACTION and v.kind != EMPTY:
            yield review.finding(
                "R06_SATISFACTION_FLOOR", row.value_at,
                f"{row.title}的指标值「{quote(row.value_text)}」不是百分比，满意度应写为"
                f"「≥{review.settings.satisfaction_floor.normalize():f}%」这样的数值",
            )
        return
    shown = quote(row.value_text)
    if v.unit == "%" and not (0 <= v.number <= 100) and not any(w in row.name for w in _GROWTH):
        yield review.finding(
            "R06_PERCENT_RANGE", row.value_at,
            f"{row.title}的指标值{v.number.normalize():f}%超出0–100%；如为增长率，请在三级指标名称中写明「增长率」",
            number=v.number,
        )
    if row.kind == SATISFACTION:
        floor = review.settings.satisfaction_floor
        if not v.unit:
            return  # reported as a missing unit
        if v.unit != "%":
            yield review.finding("R06_SATISFACTION_FLOOR", row.value_at,
                                 f"{row.title}的指标值「{shown}」不是百分比，满意度应写为「≥{floor.normalize():f}%」这样的数值")
        elif v.number < floor:
            yield review.finding("R06_SATISFACTION_FLOOR", row.value_at,
                                 f"{row.title}的指标值{v.number.normalize():f}%低于满意度下限{floor.normalize():f}%",
                                 number=v.number, floor=floor)


def check_wording(review, row):
    v = row.value
    if v.kind == EMPTY:
        return
    shown = quote(row.value_text)
    vague = [] if v.kind == GRADE else vague_words_in(v.text, review.settings.vague_words)
    if vague:
        words = "」「".join(vague)
        yield review.finding(
            "R07_VAGUE_VALUE", row.value_at,
            f"{row.title}的指标值「{shown}」是趋势或模糊用语（「{words}」），无法考核：请写明基数和目标值"
            f"（如「≥5%」），或改用定性分级（{GRADE_HINT}）",
            words="、".join(vague),
        )
    elif v.kind == TEXT and not v.unkept and _declared_type(row) != QUANTITATIVE:  # declared 定量: R06_VALUE_TYPE says it
        yield review.finding(
            "R08_FREE_TEXT", row.value_at,
            f"{row.title}的指标值「{shown}」是描述性文字：定量指标请写数值和单位，定性指标请用分级用语（{GRADE_HINT}）",
        )
    if v.kind == COMPOSITE:
        parts = "、".join(m.text for m in v.measures)
        yield review.finding(
            "R08_COMPOSITE_VALUE", row.value_at,
            f"{row.title}的指标值「{shown}」含{len(v.measures)}个数值（{parts}），"
            f"请拆成{len(v.measures)}行三级指标，每行一个数值和单位",
            count=len(v.measures),
        )
    if _unit_only_in_value(review, row):
        yield review.finding("R08_UNIT_IN_VALUE", row.value_at,
                             f"{row.title}的计量单位「{v.unit}」写在了指标值「{shown}」中，请移到计量单位栏")
    if v.kind == DATE and v.year and v.year != review.filing.year:
        yield review.finding("R12_YEAR_MISMATCH", row.value_at,
                             f"{row.title}的指标值「{shown}」写的是{v.year}年，与预算年度{review.filing.year}年不一致",
                             year=v.year, budget_year=review.filing.year)


def _unit_only_in_value(review, row):
    """Where the layout has a 计量单位 column, a unit typed into the 指标值 instead (the unit cell left
    blank). A unit cell that holds the unit is filled as the form asks, whatever the 指标值 repeats."""
    v = row.value
    if "unit" not in review.columns or v.kind != NUMBER or not v.unit or row.ind.unit.strip():
        return False
    if _declared_type(row) == QUALITATIVE and _is_percentage(v):
        return False  # reported as a 定性 row holding a percentage
    return v.unit in normalize(row.value_text)


def check_name(review, row):
    if not row.name:
        return
    max_len = review.settings.max_name_length
    vague = vague_words_in(normalize(row.name), review.settings.vague_words)
    if vague:
        words = "」「".join(vague)
        yield review.finding(
            "R07_VAGUE_NAME", row.name_at,
            f"三级指标「{quote(row.name)}」含「{words}」：名称应是可计量的对象（如「公众满意度」「保洁面积」），"
            f"目标写在指标值中",
            words="、".join(vague),
        )
    if "\n" in row.name:
        yield review.finding("R10_NAME_SENTENCE", row.name_at,
                             f"三级指标「{quote(row.name)}」分多行填写，像是一格里填了几个指标，请拆成多行")
    elif len(row.name) > max_len or _SENTENCE.search(row.name):
        why = f"有{len(row.name)}个字" if len(row.name) > max_len else "是一句话（含标点）"
        yield review.finding(
            "R10_NAME_SENTENCE", row.name_at,
            f"三级指标「{quote(row.name)}」{why}：应是简短的计量对象，如「网格员人数」「垃圾清运及时率」",
            length=len(row.name),
        )
    if row.table.attachment == ATT3:
        sheet, line = row.table.sheet, row.table.line
        for label, other in [("支出方向", sheet.name), ("附件2支出方向", line.name), ("所属专项", sheet.fund_text)]:
            if other.strip() and same_name(row.name, other):
                yield review.finding(
                    "R10_NAME_IS_LINE", row.name_at,
                    f"三级指标「{quote(row.name)}」与{label}名称相同，没有说明要衡量什么（数量、标准、单位成本…）",
                )
                break


RULES = [check_presence, check_completeness, check_unkept, check_quantity, check_wording, check_name]
