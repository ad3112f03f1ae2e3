"""The 指标值 parser reads what people actually type; property tests cover the shapes at random."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from indicators.values import COMPOSITE, DATE, GRADE, NUMBER, TEXT, chinese_to_int, parse_value

UNITS = ["%", "个", "人", "万元", "万元/人", "条", "户", "次", "元/平方米", "个月", "天"]
OPERATORS = {"": "", "≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "<", "=": "="}
amounts = st.decimals(min_value=0, max_value=Decimal("9999999"), places=2, allow_nan=False, allow_infinity=False)


def to_fullwidth(text):
    """What an IME in full-width mode types: １２３．５％ ＞＝."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def to_chinese(n):
    """An independent writer of Chinese numerals below 10000 (二十一, 一百零五, 三千)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    out, zero = "", False
    for value, word in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
            out += ("" if (word == "十" and d == 1 and not out) else digits[d]) + word
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + digits[n]
    return out


def test_a_percentage_with_an_operator_reads_as_operator_number_and_unit():
    v = parse_value("≥95%")
    assert (v.operator, v.number, v.unit, v.kind) == ("≥", Decimal("95"), "%", NUMBER)


def test_full_width_digits_and_symbols_read_like_half_width():
    v = parse_value("＞＝９５％")
    assert (v.operator, v.number, v.unit) == ("≥", Decimal("95"), "%")
    assert parse_value("１２３个").number == Decimal("123")


def test_chinese_numerals_before_a_measure_word_are_numbers():
    assert (parse_value("三个").number, parse_value("三个").unit) == (Decimal("3"), "个")
    assert parse_value("二十一人").number == Decimal("21")


def test_words_that_merely_contain_a_numeral_stay_words():
    assert parse_value("进一步提升").number is None
    assert parse_value("一般").kind == GRADE


def test_thousands_separators_are_not_list_separators():
    v = parse_value("1,234,567.5元")
    assert (v.number, v.unit, v.kind) == (Decimal("1234567.5"), "元", NUMBER)


def test_a_rate_per_person_keeps_its_per_unit():
    v = parse_value("6.3万元/人")
    assert (v.number, v.base_unit, v.per_unit) == (Decimal("6.3"), "万元", "人")


def test_two_measures_in_one_cell_are_a_composite_value():
    v = parse_value("28条道路，53.91万平方，")
    assert v.kind == COMPOSITE
    assert [(m.number, m.unit) for m in v.measures] == [(Decimal("28"), "条道路"), (Decimal("53.91"), "万平方")]


def test_a_monthly_cost_keeps_the_words_that_say_per_month():
    v = parse_value("全年12个月，每月55.83万元")
    assert v.kind == COMPOSITE
    assert [(m.label, m.number, m.unit) for m in v.measures] == [
        ("全年", Decimal("12"), "个月"), ("每月", Decimal("55.83"), "万元")]


def test_a_year_end_is_a_date_of_that_year_not_the_number_2021():
    v = parse_value("2021年底")
    assert (v.kind, v.year, v.number) == (DATE, 2021, None)
    assert parse_value("按月支付").kind == DATE


def test_chinese_operator_words_become_operators():
    assert parse_value("不低于95%").operator == "≥"
    assert parse_value("90%以上").operator == "≥"
    assert (parse_value("控制在100万元以内").operator, parse_value("控制在100万元以内").unit) == ("≤", "万元")


def test_a_grade_is_qualitative_and_a_trend_word_is_just_text():
    assert (parse_value("达成年度指标").kind, parse_value("达成年度指标").operator) == (GRADE, "定性")
    assert parse_value("增长").kind == TEXT


@given(op=st.sampled_from(sorted(OPERATORS)), number=amounts, unit=st.sampled_from(UNITS))
def test_any_operator_number_and_unit_read_back_exactly(op, number, unit):
    v = parse_value(f"{op}{number}{unit}")
    assert (v.operator, v.number, v.unit, v.kind) == (OPERATORS[op], number, unit, NUMBER)


@given(op=st.sampled_from(["", "≥", "<=", "="]), number=amounts, unit=st.sampled_from(UNITS))
def test_full_width_typing_reads_the_same_as_half_width(op, number, unit):
    text = f"{op}{number}{unit}"
    assert parse_value(to_fullwidth(text)) == parse_value(text)


@given(n=st.integers(min_value=1000, max_value=10**9), unit=st.sampled_from(["元", "人", "户"]))
def test_thousands_separated_integers_read_as_one_number(n, unit):
    v = parse_value(f"{n:,}{unit}")
    assert (v.number, v.unit, v.kind) == (Decimal(n), unit, NUMBER)


@given(n=st.integers(min_value=1, max_value=9999), word=st.sampled_from(["个", "人", "条", "项", "次"]))
def test_chinese_numerals_read_as_their_value(n, word):
    assert chinese_to_int(to_chinese(n)) == n
    v = parse_value(to_chinese(n) + word)
    assert (v.number, v.unit) == (Decimal(n), word)


@given(a=amounts, b=amounts, ua=st.sampled_from(UNITS), ub=st.sampled_from(UNITS),
       sep=st.sampled_from(["，", ",", "；", "、", "\n"]))
def test_two_measures_joined_by_a_separator_are_always_composite(a, b, ua, ub, sep):
    v = parse_value(f"{a}{ua}{sep}{b}{ub}")
    assert v.kind == COMPOSITE
    assert [m.number for m in v.measures] == [a, b]


@given(st.text())
def test_the_parser_never_fails_on_any_text(text):
    v = parse_value(text)
    assert v.kind in (NUMBER, COMPOSITE, DATE, GRADE, TEXT, "empty")
    if v.kind == NUMBER:
        assert v.number is not None and len(v.unit) <= 8


def test_operators_typed_back_to_front_read_as_intended():
    assert (parse_value("=<95%").operator, parse_value("=>3个").operator) == ("≤", "≥")


def test_ime_angle_brackets_read_as_comparison_signs():
    value = parse_value("〉95%")
    assert (value.operator, value.number, value.unit) == (">", Decimal("95"), "%")


def test_percentages_written_in_words_read_as_percent():
    assert (parse_value("百分之九十五").number, parse_value("百分之九十五").unit) == (Decimal("95"), "%")
    assert parse_value("百分之95.5").number == Decimal("95.5")


def test_spaces_typed_inside_a_number_do_not_split_it():
    value = parse_value("≥ 9 5 %")
    assert (value.kind, value.operator, value.number, value.unit) == (NUMBER, "≥", Decimal("95"), "%")


def test_an_estimate_keeps_its_unit_but_implies_no_operator():
    for text in ("95%左右", "约95%"):
        value = parse_value(text)
        assert (value.kind, value.operator, value.number, value.unit) == (NUMBER, "", Decimal("95"), "%")
