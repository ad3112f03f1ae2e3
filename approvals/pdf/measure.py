"""How tall a table cell prints, estimated from its text and its column's width (print.css's numbers).

The estimate decides where an indicator group may be cut into page-sized pieces, so it errs on the
tall side: every character is given at least the width Noto Serif CJK gives it, lines are filled
greedily the way the browser breaks them (between CJK characters but not before 「，」 or after 「（」,
Latin at spaces or anywhere in a word longer than the line, a number never).
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


# CJK punctuation a line may not start with (it goes down with the character before it), and the
# opening marks a line may not end with (they go down with the character after them).
NO_LINE_START = set("，。；：、！？）》」』】〕〉”’…％·～—")
NO_LINE_END = set("（《「『【〔〈“‘≥≤")


def _atoms(paragraph):
    """(width in em, kind) of each piece: a CJK character, an ASCII word, a number, a space."""
    pos = 0
    for m in _NUMBER.finditer(paragraph):
        yield from _text_atoms(paragraph[pos:m.start()])
        yield sum(char_em(c) for c in m.group(0)), "num", m.group(0)  # never wraps (span.num)
        pos = m.end()
    yield from _text_atoms(paragraph[pos:])


def _text_atoms(text):
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            yield sum(char_em(c) for c in word), "word", word
            word = ""
        yield (0.3, "space", ch) if ch == " " else (char_em(ch), "cjk", ch)
    if word:
        yield sum(char_em(c) for c in word), "word", word


def _units(paragraph):
    """The pieces a line may not break inside: [width, breakable (a word may break anywhere)]."""
    units, prev = [], None
    for width, kind, text in _atoms(paragraph):
        glued = prev is not None and kind != "space" and prev[1] != "space" and (
            (kind == "cjk" and text in NO_LINE_START)
            or (prev[1] == "cjk" and prev[2] in NO_LINE_END)
            or (kind in ("word", "num") and prev[1] in ("word", "num")))  # 95% or v2: no space, no break
        if kind == "space":
            units.append([width, False, True])
        elif glued and units:
            units[-1][0] += width
            units[-1][1] = units[-1][1] or kind == "word"
        else:
            units.append([width, kind == "word", False])
        prev = (width, kind, text)
    return units


NARROW_COLUMN_EM = 2.5


def text_lines(text, width_em):
    """Lines the text takes in a box width_em wide (pre-line: typed line breaks kept, spaces folded)."""
    room = max(width_em - 0.1, 1.0)  # a little less than measured: rounding in the layout
    total = 0
    for paragraph in (text or "").strip().split("\n"):
        lines, used = 1, 0.0
        for width, breakable, space in _units(" ".join(paragraph.split())):
            if space:
                used += width if used else 0  # a space at a line's start or end takes no room
                continue
            if used + width <= room:
                used += width
            elif breakable and width > room:
                # A word longer than the line breaks anywhere (overflow-wrap: anywhere).
                rest = width - max(room - used, 0)
                lines += math.ceil(rest / room)
                used = rest - (math.ceil(rest / room) - 1) * room
            else:
                lines += 1 if used else 0
                used = width  # wider than the line (a long number): it overflows, one line
        total += lines
    if width_em < NARROW_COLUMN_EM:
        # A column a character or two wide breaks wherever it can, not as the rules above say: up to
        # 30% more lines than simulated were measured there (1–2 lines at most in wider ones).
        total = math.ceil(total * 1.35)
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
