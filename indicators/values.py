"""Parse a 指标值 as people type it into its structured parts.

The text itself is always kept as typed; this only reads operator / number / unit (and, for the
validation engine, the kind of value) where the text has a clear reading. It copes with what the
Word-era forms actually contain: full-width digits and symbols (１２３ ％ ＞＝), Chinese numerals
before a measure word (三个, 二十一人), thousands separators, 定性 grades, date phrases for 时效
(「2021年底」「按月支付」) and several measures crammed into one cell (「28条道路，53.91万平方，」).

Pure Python, no Django: the models import the default vocabularies from here.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Words reviewers reject as a 指标值 (domain.md §1.5 rule 7 and §7 rule 7): a trend without a baseline.
DEFAULT_VAGUE_WORDS = (
    "增长", "提升", "提高", "增强", "持续", "稳定", "长期", "逐步", "逐年", "进一步",
    "明显", "显著", "良好", "整洁", "有效", "有所改善",
)
# A small fixed 定性 vocabulary (10号 three bands plus the common form wordings); a value that is
# exactly one of these is a declared grade, not a vague word.
DEFAULT_GRADES = (
    "优", "良", "中", "差", "好", "较好", "一般", "较差",
    "达到", "达成", "达标", "未达标", "是", "否", "完成", "未完成",
    "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差",
    "有效保障", "应保尽保",
)

OPERATORS = {"=>": "≥", "=<": "≤", ">=": "≥", "≥": "≥", "≧": "≥", "＞＝": "≥", "<=": "≤", "≤": "≤", "≦": "≤", "＜＝": "≤",
             ">": ">", "<": "<", "=": "=", "＞": ">", "＜": "<", "＝": "="}
# Chinese operator wording, longest first so 不低于 wins over 低于.
_OPERATOR_WORDS = [
    ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("达到", "≥"), ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"),
    ("不大于", "≤"), ("至多", "≤"), ("控制在", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"), ("等于", "="),
]
_SUFFIX_OPERATORS = [("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤")]
# 「95%左右」「约95%」: an estimate, not a target. The number and unit read as usual but no operator
# is implied, so the missing-operator rule asks for one.
_APPROX_SUFFIXES = ("左右", "上下")
_APPROX_PREFIXES = ("大约", "约")
# Chinese-IME brackets that people use as comparison signs (〉95%); NFKC leaves them alone.
_LOOKALIKES = str.maketrans({"〉": ">", "〈": "<"})
_PERCENT_WORDS = re.compile(r"百分之([零〇一二两三四五六七八九十百千]+|\d+(?:\.\d+)?)")
# 「≥ 9 5 %」: spaces typed between digits of one number.
_SPACED_DIGITS = re.compile(r"(?<=\d)[ \t]+(?=\d)")

# Orders of magnitude that people type as if they were units: 「2.4万」 people is 2.4 with no unit.
MAGNITUDES = {"十", "百", "千", "万", "十万", "百万", "千万", "亿"}
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001")}

MAX_UNIT_LENGTH = 8  # longest unit seen in practice is about 4 characters (个办所, 万元/人)
EMPTY, NUMBER, COMPOSITE, DATE, GRADE, TEXT = "empty", "number", "composite", "date", "grade", "text"

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# 量词 after which a run of Chinese numerals is a count: 三个村, 二十一人. Without one, 一 stays a
# word (一般, 进一步, 统一). 万 is left to the unit, so 三万人 reads like 3万人.
_MEASURE_WORDS = "个名人条项次家所户处座批期场份本台辆套种类支张块间栋位届季年月天日周网村组"
_CN_NUMBER = re.compile(rf"[零〇一二两三四五六七八九十百千]+(?=[{_MEASURE_WORDS}%]|小时|公里|平方|$)")
_NUM = r"[-+]?\d+(?:\.\d+)?"
# 1,234,567.5: a comma between digit groups of three is a thousands separator, not a list separator.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_MEASURE = re.compile(
    r"(?P<op>=>|=<|>=|<=|≥|≤|≧|≦|>|<|=)?\s*(?P<num>" + _NUM + r")\s*(?P<unit>[^\d\s,;。、:()<>=≥≤≧≦+共]*)"
)
# A budget year written as 2021年 / 2021.12.31 / 2021-12: a 时效 date, not a quantity of 2021.
# 「2021.5」 is a decimal, so a dotted date needs its day as well.
_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:年|\.\d{1,2}\.\d{1,2}(?![\d.])|[-/]\d{1,2}(?:[-/]\d{1,2})?(?![\d.]))"
)
# 时效 phrases with no year in them.
_TIME_WORDS = ("年底", "年末", "年内", "年度内", "全年", "按月", "按季", "按年", "按时", "月底", "季度末", "及时", "当年")
_SEPARATORS = re.compile(r"[,;。、\n]+")


@dataclass(frozen=True)
class Measure:
    number: Decimal
    unit: str = ""
    label: str = ""  # words right before the number in its segment: 每月, 全年, 共 …

    @property
    def text(self):
        return f"{self.label}{format_number(self.number)}{self.unit}"


@dataclass(frozen=True)
class ParsedValue:
    operator: str = ""
    number: Decimal | None = None
    unit: str = ""
    kind: str = EMPTY
    measures: tuple = ()
    label: str = ""
    grade: str = ""
    year: int | None = None
    text: str = ""  # the normalised text the reading was made from
    unkept: str = ""  # a number in the text that a row cannot keep exactly (see keeps())

    @property
    def is_quantitative(self):
        return self.number is not None

    @property
    def base_unit(self):
        """「万元/人」 → 万元."""
        return self.unit.split("/", 1)[0]

    @property
    def per_unit(self):
        """「万元/人」 → 人; empty when the value is not a rate."""
        return self.unit.split("/", 1)[1] if "/" in self.unit else ""


def format_number(value):
    """A Decimal as people write it on the form: 669.9, not 669.900000 or 6.699E+2."""
    if value is None:
        return ""
    # Sums over blank amounts can be a plain int 0; never crash a page or a PDF on it.
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "+0") else text


# NFKC would also read 「10²」 as 102, 「①」 as 1 and 「㎡」 as m2 (so 「≥100m²」 became two numbers):
# superscripts, circled and Roman numerals and unit symbols are kept as they are.
_KEPT_AS_IS = frozenset({"No", "Nl", "So"})


def normalize(text):
    """Full-width digits, letters and symbols to half-width (NFKC); ＞＝ → >=, ％ → %, ， → ,."""
    text = text or ""
    if text.isascii():
        return text
    return "".join(ch if unicodedata.category(ch) in _KEPT_AS_IS else unicodedata.normalize("NFKC", ch)
                   for ch in text)


# What an indicator row keeps of a 指标值's number (Indicator.value_number: 20 digits, 6 decimals). A
# number past that is never rounded (「≥0.0000001%」 stored as 0) nor allowed to crash a save: the
# value reads as text, marked `unkept`, and the rule engine says so (R06_NUMBER_UNKEPT).
KEPT_WHOLE_DIGITS = 14
KEPT_PLACES = 6


def keeps(number):
    """True when a stored 指标值 number holds `number` exactly."""
    _, digits, exponent = number.as_tuple()
    digits = "".join(map(str, digits)).lstrip("0")
    if not digits:
        return True
    if exponent < 0:
        stripped = digits.rstrip("0")
        exponent += len(digits) - len(stripped)
        digits = stripped
    return len(digits) + exponent <= KEPT_WHOLE_DIGITS and -exponent <= KEPT_PLACES


def chinese_to_int(text):
    """「二十一」→ 21, 「三」→ 3, 「一千零五」→ 1005, 「十」→ 10 (numbers below 10000)."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _arabic(text):
    return _CN_NUMBER.sub(lambda m: str(chinese_to_int(m.group())), text)


def _split_operator_words(label, unit):
    """Chinese operator words before the number or 以上/以下 after it become the operator."""
    operator = ""
    for word, op in _OPERATOR_WORDS:
        if label.endswith(word):
            label, operator = label[: -len(word)], op
            break
    for word, op in _SUFFIX_OPERATORS:
        if unit.endswith(word):
            unit = unit[: -len(word)]
            operator = operator or op
            break
    for word in _APPROX_SUFFIXES:
        unit = unit.removesuffix(word)
    for word in _APPROX_PREFIXES:
        if label.endswith(word) and not operator:
            label = label[: -len(word)]
            break
    return label.strip(), unit.strip(), operator


def _readable(text):
    """Undo typing habits that hide a plain number: 〉95%, 百分之九十五, ≥ 9 5 %."""
    text = text.translate(_LOOKALIKES)
    text = _PERCENT_WORDS.sub(lambda m: f"{m.group(1)}%", text)
    return _SPACED_DIGITS.sub("", text)


def _measures(text):
    out = []
    for segment in _SEPARATORS.split(text):
        pos = 0
        for m in _MEASURE.finditer(segment):
            try:
                number = Decimal(m["num"])
            except InvalidOperation:  # pragma: no cover - the regex only lets digits through
                continue
            label = segment[pos:m.start()].strip()
            label, unit, word_op = _split_operator_words(label, m["unit"])
            operator = OPERATORS.get(m["op"] or "", "") or word_op
            out.append((operator, Measure(number, unit, label)))
            pos = m.end()
    return out


# A 指标值 longer than this is a sentence, not a value; its reading is not worth a cache slot (and a
# hostile megabyte of text must not sit in 4,096 of them).
_CACHED_LENGTH = 200


def parse_value(text, grades=DEFAULT_GRADES):
    """Read one 指标值. Never raises: text that has no clear reading comes back as kind TEXT."""
    text = text or ""
    if len(text) > _CACHED_LENGTH:
        return _read(text, tuple(grades))
    return _parse(text, tuple(grades))


@lru_cache(maxsize=4096)
def _parse(text, grades):
    # Values repeat a lot across filings (「90%」「长期」), so readings are cached per text.
    return _read(text, grades)


def _read(text, grades):
    norm = normalize(text).strip()
    if not norm:
        return ParsedValue()
    if norm in grades:
        return ParsedValue(operator="定性", kind=GRADE, grade=norm, text=norm)
    year = _YEAR.search(norm)
    if year:
        return ParsedValue(kind=DATE, year=int(year.group(1)), text=norm)
    found = _measures(_THOUSANDS.sub("", _arabic(_readable(norm))))
    if not found:
        if any(word in norm for word in _TIME_WORDS):
            return ParsedValue(kind=DATE, text=norm)
        return ParsedValue(kind=TEXT, text=norm)
    measures = tuple(m for _, m in found)
    unkept = next((m for m in measures if not keeps(m.number)), None)
    if unkept is not None:
        return ParsedValue(kind=TEXT, text=norm, unkept=format(unkept.number, "f") if
                           len(unkept.number.as_tuple().digits) <= 40 else f"{str(unkept.number)[:20]}…")
    if any(m.unit[:1] and unicodedata.category(m.unit[0]) in ("No", "Nl") for m in measures):
        # 「10²个」: a power or a circled numeral right after the digits; no reading would be honest.
        return ParsedValue(kind=TEXT, text=norm)
    if len(found) > 1:
        return ParsedValue(kind=COMPOSITE, measures=measures, text=norm)
    operator, measure = found[0]
    if len(measure.unit) > MAX_UNIT_LENGTH:
        # A number inside a sentence (「完成3次…并形成报告」): no unit to speak of, so it stays text.
        return ParsedValue(kind=TEXT, measures=measures, text=norm)
    return ParsedValue(operator=operator, number=measure.number, unit=measure.unit, kind=NUMBER,
                       measures=measures, label=measure.label, text=norm)


def money_in_wan(number, unit):
    """An amount in 万元 when the unit is a money unit (万元, 万, 元, 亿元), else None."""
    factor = MONEY_UNITS.get(unit)
    return None if factor is None or number is None else number * factor
