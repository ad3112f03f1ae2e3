"""The decimals an Excel number format shows: `0.0000` shows the stored 1234.567 as 1234.5670.

Excel stores the number only (1234.567); the trailing zeros the user sees come from the cell's
number format. A format fixes decimals with the 0 placeholders after its decimal point
(`0.00`, `#,##0.00`, `0.00_ `, `#,##0.00"万元"`, `0.000;[Red]-0.000`); positive numbers, negative
numbers and zero may each have their own section. Formats that show no fixed decimals of the value
itself are left alone: General, text (@), percent (the value is scaled by 100), scientific,
fractions, thousands scaling (a trailing comma divides by 1000) and conditional sections
([>=100]), which are rare enough not to guess at. Date formats are recognised before this is asked.
"""

import re
from decimal import Decimal

# One token of a format code: a quoted literal, an escaped character (\x), a space the width of a
# character (_x), a fill character (*x), a bracketed colour/locale/condition, or one character.
_TOKEN = re.compile(r'"[^"]*"?|\\.?|[_*].?|\[[^\]]*\]?|.', re.S)
_PLACEHOLDERS = "0#?"
_SCALING = re.compile(r"[0#?],+(?![0#?,])")  # a comma after the digits divides by 1000
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; zeros past them would claim digits it never had
MAX_PLACES = 30  # Excel shows at most 30 decimals
_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(MAX_PLACES + 1))


def shown_decimals(code):
    """(positive, negative, zero): the decimals a format code always shows for such a number, or None
    when the code shows no fixed decimals of the value for any of them."""
    sections, current, conditional = [], [], False
    for token in _TOKEN.findall(code or ""):
        if token == ";":
            sections.append("".join(current))
            current = []
        elif token.startswith("["):
            conditional = conditional or token[1:2] in ("<", ">", "=")
        elif len(token) == 1 and token not in '"\\_*':
            current.append(token)  # longer tokens are literals, shown as they are
    sections.append("".join(current))
    if conditional:
        return None
    positive = _section_decimals(sections[0])
    negative = _section_decimals(sections[1]) if len(sections) > 1 else positive
    zero = _section_decimals(sections[2]) if len(sections) > 2 else positive
    if not (positive or negative or zero):
        return None
    return positive, negative, zero


def _section_decimals(section):
    """The number of decimals one section always prints (0 placeholders, counted to the last one)."""
    lower = section.lower()
    if "general" in lower or any(ch in section for ch in "%/@") or "e" in lower:
        return None
    if not any(ch in section for ch in _PLACEHOLDERS) or _SCALING.search(section):
        return None
    _, point, decimals = section.partition(".")
    if not point:
        return 0
    placeholders = [ch for ch in decimals if ch in _PLACEHOLDERS]
    # 0.0# shows at least one decimal; #/? after the last 0 drop (or blank) insignificant zeros.
    return min(MAX_PLACES, max((i + 1 for i, ch in enumerate(placeholders) if ch == "0"), default=0))


def as_shown(number, shown):
    """number with the trailing zeros its format shows (1234.567 at `0.0000` → 1234.5670).

    Only zeros change: a number with more decimals than the format shows keeps them (Excel
    computes with them too, and rounding here would change the amount and the sums it is part of),
    and no more zeros than Excel's 15 significant digits allow. This runs for every styled number
    cell of a large workbook, hence comparisons rather than taking the Decimal apart."""
    if not number.is_finite():
        return number
    if number > 0:
        places = shown[0]
    elif number < 0:
        places = shown[1]
    else:
        return number.quantize(_QUANTA[shown[2]]) if shown[2] else number
    if not places:
        return number
    places = min(places, EXCEL_DIGITS - 1 - number.adjusted())  # the digits a padded number would have
    if places <= 0:
        return number
    padded = number.quantize(_QUANTA[places])
    return padded if padded == number else number  # unequal: it had more decimals, never rounded away
