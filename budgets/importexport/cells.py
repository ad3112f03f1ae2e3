"""One cell in, one typed value out (or a Chinese message saying what is wrong with it).

Cells arrive as Excel gives them (str, int, float, datetime, bool, None) or as CSV text. Numbers
are accepted the way offices type them: full-width digits, thousands separators, 「１，２３４．５」.
"""

import datetime
import re
import unicodedata
from decimal import Decimal

from budgets.models.money import AmountError, TypedAmount, format_money, parse_amount, places_of
from indicators.values import normalize

# Text beginning with one of these would be run as a formula by Excel when it comes from CSV.
FORMULA_START = ("=", "+", "-", "@")
# What a spreadsheet may run as a formula: a formula character, also after leading whitespace (Excel
# and LibreOffice skip it), or a leading tab or carriage return (OWASP's CSV injection list; a tab
# also separates cells when pasted). Full-width spaces count as whitespace here too.
_FORMULA_LIKE = re.compile(r"^(?:\s*[=+\-@]|[\t\r])")
# An escaped cell: the apostrophes escape_csv_text added, then formula-like text.
_ESCAPED = re.compile(r"^'+(?:\s*[=+\-@]|[\t\r])")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class CellError(ValueError):
    """The message is shown to the user as is."""


class UncomputedFormula(str):
    """An xlsx formula cell saved without its result (e.g. written by a script, never opened in Excel).

    The text is the formula ("=SUM(H2:H3)"), so the failed-rows download shows it; parse_cell refuses it
    whatever the column, because importing it as blank or as its formula text would both be silent loss.
    """

    def __new__(cls, text, ref=None):
        self = super().__new__(cls, text)
        self.ref = ref
        return self


FORMULA_WITHOUT_RESULT = "公式单元格{where}没有计算结果，请在 Excel 中打开并保存后再导入，或改为填写数值"


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def escape_csv_text(text):
    """A leading apostrophe keeps Excel from running =… +… -… @… (also after leading whitespace, or
    text starting with a tab or CR); unescape_csv_text takes it off again.

    Text that already starts with apostrophes before such a character gets one more, so every
    text reads back as itself: unescape_csv_text(escape_csv_text(t)) == t."""
    if text and (_FORMULA_LIKE.match(text) or _ESCAPED.match(text)):
        return "'" + text
    return text


def unescape_csv_text(text):
    if text and _ESCAPED.match(text):
        return text[1:]
    return text


def _plain(value):
    # Full-width letters and digits read as ASCII; 「①」 or 「10²」 stay as typed (and are refused
    # where a code or a number is asked for), as the 指标值 reading keeps them.
    return normalize(str(value)).strip()


def parse_decimal(value, digits=(18, 6), negative_ok=False):
    """A number cell, read as every other way in reads an amount (budgets.models.money.parse_amount)."""
    if is_blank(value):
        raise CellError(f"「{value or ''}」不是数字")
    try:
        return parse_amount(value, digits=digits[0], places=digits[1], negative_ok=negative_ok)
    except AmountError as e:
        raise CellError(str(e)) from None


def parse_int(value):
    number = parse_decimal(value, digits=(12, 6))
    if number != number.to_integral_value():
        raise CellError(f"「{value}」应为整数")
    return int(number)


def parse_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value in (0, 1):
        return bool(value)  # a number cell, 1.00 as well as 1 (its format may show decimals)
    text = _plain(value).lower()
    if text in ("是", "y", "yes", "true", "1", "√", "✓"):
        return True
    if text in ("否", "n", "no", "false", "0", ""):
        return False
    raise CellError(f"「{value}」应为「是」或「否」")


def parse_choice(value, choices):
    text = _plain(value)
    for code, label in choices:
        if text in (code, label):
            return code
    labels = "、".join(label for _, label in choices)
    raise CellError(f"「{value}」不是可选值（可填：{labels}）")


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _plain(value)
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", text)
    if m:
        try:
            return datetime.date(*map(int, m.groups()))
        except ValueError:
            pass
    raise CellError(f"「{value}」不是日期（请写成 2021-01-01）")


def parse_cell(column, value):
    """The typed value of a cell for a column, or CellError."""
    if isinstance(value, UncomputedFormula):
        where = f"（{value.ref}：{value}）" if value.ref else f"（{value}）"
        raise CellError(FORMULA_WITHOUT_RESULT.format(where=where))
    if column.kind == "text" and isinstance(value, str) and value and not column.required:
        # Free text is kept exactly, whitespace-only cells included: the seed has such rows and
        # printing must show them as they were filed.
        if column.max_length and len(value) > column.max_length:
            raise CellError(f"内容过长（最多{column.max_length}个字）")
        return value
    if is_blank(value):
        if column.required:
            raise CellError("不能为空")
        if column.default is not None:
            return column.default
        return "" if column.kind in ("text", "code") else None
    kind = column.kind
    if kind == "text":
        result = value if isinstance(value, str) else _plain(value)
    elif kind == "code":
        result = _plain(value)
        if isinstance(value, float) and value.is_integer():
            result = str(int(value))  # a numeric code typed into Excel: 430204.0 → 430204
        elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            result = format(value.to_integral_value(), "f")  # shown as 430204.00 by a `0.00` format
        if column.field in ("code", "department_code", "district_code") and not _SLUG.match(result):
            raise CellError(f"「{value}」只能由字母、数字、- 和 _ 组成")
    elif kind == "int":
        result = parse_int(value)
        if column.field == "year" and not 2000 <= result <= 2100:
            raise CellError(f"预算年度「{value}」应在2000到2100之间")
        if column.field != "year" and not 0 <= result <= 32767:
            raise CellError(f"「{value}」超出范围（0–32767）")
        if column.field == "version" and result < 1:
            raise CellError("版本从1开始")
    elif kind in ("money", "decimal"):
        result = parse_decimal(value, column.digits)
    elif kind == "bool":
        result = parse_bool(value)
    elif kind == "choice":
        result = parse_choice(value, column.choices)
    elif kind == "date":
        result = parse_date(value)
    else:  # pragma: no cover - a typo in format.py
        raise AssertionError(kind)
    if column.max_length and isinstance(result, str) and len(result) > column.max_length:
        raise CellError(f"内容过长（最多{column.max_length}个字）")
    return result


def number_for_cell(number):
    """Decimal as Excel should hold it: a number when a float keeps it exactly, text otherwise.

    An amount typed with trailing zeros (1234.5670) is written as that text: a number cell would
    read back as 1234.567 and lose the decimals the form was filled with."""
    if number is None:
        return None
    normalized = number.normalize()
    if isinstance(number, TypedAmount) and places_of(number) > places_of(normalized):
        return format_money(number)
    if normalized == normalized.to_integral_value():
        return int(normalized)
    if len(normalized.as_tuple().digits) <= 15:
        return float(normalized)
    return format_money(number)


def cell_parser(column):
    """parse_cell for one column, with a shortcut for the cells most rows hold.

    A big import types millions of cells; most are text as typed, small whole numbers, 是/否 or an
    option's label. Those take the shortcut, which gives exactly what parse_cell gives; anything else
    (blank, full-width, out of range, wrong) goes through parse_cell and its messages.
    """
    parser = _cell_parser(column)
    if column.required:
        return parser
    blank = parse_cell(column, None)  # most cells of a row are empty: their value is the column's blank

    def or_blank(value):
        return blank if value is None else parser(value)

    return or_blank


def _cell_parser(column):
    kind = column.kind

    def slow(value):
        return parse_cell(column, value)

    if kind == "text" and not column.required:
        limit = column.max_length

        def text(value):
            if type(value) is str and value and (limit is None or len(value) <= limit):
                return value
            return parse_cell(column, value)

        return text
    if kind == "code":
        limit = column.max_length
        slug = column.field in ("code", "department_code", "district_code")

        def code(value):
            if type(value) is str and unicodedata.is_normalized("NFKC", value):
                result = value.strip()
                if result and (limit is None or len(result) <= limit) and (not slug or _SLUG.match(result)):
                    return result
            return parse_cell(column, value)

        return code
    if kind == "int":
        low, high = (2000, 2100) if column.field == "year" else (1 if column.field == "version" else 0, 32767)

        def whole(value):
            # A number cell (the xlsx reader gives Decimal) holding a whole number in range.
            if type(value) is Decimal and value.is_finite() and value == value.to_integral_value():
                result = int(value)
                if low <= result <= high:
                    return result
            return parse_cell(column, value)

        return whole
    if kind == "bool":
        known = {"是": True, "否": False}

        def yes_no(value):
            result = known.get(value) if type(value) is str else None
            return result if result is not None else parse_cell(column, value)

        return yes_no
    if kind == "choice":
        known = {}
        for code, label in column.choices:
            for text in (label, code):
                if text and unicodedata.normalize("NFKC", text).strip() == text:  # as parse_cell compares it
                    known.setdefault(text, code)

        def choice(value):
            result = known.get(value) if type(value) is str else None
            return result if result is not None else parse_cell(column, value)

        return choice
    return slow
