"""How tall a table cell prints, estimated from its text and its column's width (print.css's numbers).

The estimate decides where an indicator group may be cut into page-sized pieces, so it errs on the
tall side: every character is given at least the width Noto Serif CJK gives it, lines are filled
greedily the way the browser breaks them (any CJK character, Latin at spaces, a number never), and
a line leaves room for one character pushed down by the punctuation rules.
"""

import math
import unicodedata

from budgets.templatetags.jixiao import _NUMBER

MM_PER_PT = 25.4 / 72
# print.css: A4 with margins 20mm/18mm top/bottom and 16mm left/right.
PAGE_WIDTH_MM = 210 - 2 * 16
PAGE_HEIGHT_MM = 297 - 20 - 18
LINE_HEIGHT = 1.4  # em
CELL_PADDING_MM = (2 * 1.2, 2 * 1.5)  # vertical, horizontal
RULE_MM = 0.6 * MM_PER_PT
FONT_PT = {False: 10.5, True: 9.5}  # split layouts print their indicator tables smaller

# Latin letters of the serif font are up to this wide (em); the capitals and m, w, @, % wider still.
NARROW_EM = 0.62
WIDE_LATIN = set("MWmw@%QGOD&")


def char_em(ch):
    if unicodedata.east_asian_width(ch) in "WFA" or ord(ch) > 0x2E7F:
        return 1.0
    if ch in WIDE_LATIN:
        return 0.95
    if ch.isupper():
        return 0.78
    return NARROW_EM


def _tokens(paragraph):
    """(width in em, breakable inside) of each piece the line breaker sees."""
    pos = 0
    for m in _NUMBER.finditer(paragraph):
        yield from _word_tokens(paragraph[pos:m.start()])
        yield sum(char_em(c) for c in m.group(0)), False  # a number never wraps (span.num)
        pos = m.end()
    yield from _word_tokens(paragraph[pos:])


def _word_tokens(text):
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            yield sum(char_em(c) for c in word), True
            word = ""
        yield char_em(ch), False
    if word:
        yield sum(char_em(c) for c in word), True


def text_lines(text, width_em):
    """Lines the text takes in a box width_em wide (pre-line: typed line breaks kept, spaces folded)."""
    # One character of each line may be pushed down (no 「，」 at a line start): count it as lost.
    room = max(width_em - 1.0, 1.0)
    total = 0
    for paragraph in (text or "").strip().split("\n"):
        lines, used = 1, 0.0
        for width, breakable in _tokens(" ".join(paragraph.split())):
            if used + width <= room:
                used += width
            elif breakable and width > room:
                # A word longer than the line breaks anywhere (overflow-wrap: anywhere).
                rest = width - (room - used)
                lines += math.ceil(rest / room)
                used = rest - (math.ceil(rest / room) - 1) * room
            else:
                lines += 1
                used = width
        total += lines
    return max(total, 1)


def cell_mm(text, width_percent, split=False):
    """Height of a cell of a table column width_percent wide, padding and rule included."""
    font_mm = FONT_PT[split] * MM_PER_PT
    width_em = (PAGE_WIDTH_MM * width_percent / 100 - CELL_PADDING_MM[1] - RULE_MM) / font_mm
    return text_lines(text, width_em) * LINE_HEIGHT * font_mm + CELL_PADDING_MM[0] + RULE_MM


# What a cut piece of an indicator group may take: the page below the repeated header row, less a
# margin for what the estimate cannot see (the page's own heading on the first page is not counted:
# a piece that does not fit there moves to the next page whole).
SAFETY = 0.92


def page_budget_mm(header_mm):
    return (PAGE_HEIGHT_MM - header_mm) * SAFETY
