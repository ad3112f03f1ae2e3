"""A lean streaming reader for the cell values of xlsx worksheets.

openpyxl's read-only mode builds an object per inline string through its descriptor machinery
(openpyxl itself writes every string inline), which made reading a 150,000-row workbook take
most of a minute. Values are all an import needs, so this reads the worksheet XML directly with
iterparse: shared and inline strings, numbers (as Decimal, exactly as stored, with the trailing
zeros their number format shows: numfmt.py), booleans, dates by their number format, and the
cached value of formulas (what the user sees). A formula saved
without a cached value (written by a script, never opened in Excel) reads as UncomputedFormula, which
parsing reports as an error rather than importing a blank. Rows are streamed, so a file's memory use
stays that of one row.
"""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .cells import UncomputedFormula
from .numfmt import as_shown, shown_decimals

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DATE = "date"  # a style whose number format shows a date or time
# openpyxl's built-in 44 (accounting with a currency sign) lacks its section separators.
_BUILTIN_FORMATS = BUILTIN_FORMATS | {44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'}


def _local(tag):
    return tag.rpartition("}")[2]


def _index(archive):
    """(sheet name → path in workbook order, rels by type, date1904) from workbook.xml and its rels."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets, by_type = {}, {}
    for rel in rels.iter(_PKG_REL):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[rel.get("Id")] = path
        kind = rel.get("Type", "")
        if kind.endswith("/sharedStrings"):
            by_type["sharedStrings"] = path
        elif kind.endswith("/styles"):
            by_type["styles"] = path
    sheets = {}
    date1904 = False
    for el in workbook.iter():
        name = _local(el.tag)
        if name == "sheet":
            sheets[el.get("name")] = targets.get(el.get(_REL), "")
        elif name == "workbookPr" and el.get("date1904") in ("1", "true"):
            date1904 = True
    return sheets, by_type, date1904


def sheet_paths(archive):
    """Sheet name → worksheet part, reading only the workbook's small index parts."""
    return _index(archive)[0]


class Workbook:
    """Sheet names and what is needed to read their cells; raises KeyError/ParseError if broken."""

    def __init__(self, archive):
        self.archive = archive
        self.sheets, parts, date1904 = _index(archive)  # sheets: name → path, in workbook order
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.shared = self._shared_strings(parts.get("sharedStrings"))
        self.number_styles = self._number_styles(parts.get("styles"))

    def _shared_strings(self, path):
        if not path or path not in self.archive.namelist():
            return []
        strings = []
        with self.archive.open(path) as stream:
            for _, el in ET.iterparse(stream):
                if _local(el.tag) == "si":
                    strings.append(_text_of(el))
                    el.clear()
        return strings

    def _number_styles(self, path):
        """Cell style index → DATE, or the decimals its number format shows (numfmt.shown_decimals);
        styles that change neither are left out."""
        if not path or path not in self.archive.namelist():
            return {}
        root = ET.fromstring(self.archive.read(path))
        formats = dict(_BUILTIN_FORMATS)
        styles = {}
        for el in root.iter():
            if _local(el.tag) == "numFmt":
                formats[int(el.get("numFmtId"))] = el.get("formatCode", "")
        for el in root:
            if _local(el.tag) == "cellXfs":
                for i, xf in enumerate(el):
                    code = formats.get(int(xf.get("numFmtId", 0)), "")
                    if not code:
                        continue
                    if is_date_format(code):
                        styles[i] = DATE
                    elif (shown := shown_decimals(code)) is not None:
                        styles[i] = shown
        return styles

    def rows(self, name):
        """(row number, [values by column, None-padded]) for each <row> of a sheet, in order."""
        last = 0
        columns = {}  # "AB" → 28
        with self.archive.open(self.sheets[name]) as stream:
            for el, tags in _row_elements(stream):
                number = int(el.get("r") or 0) or last + 1
                values = []
                for c in el:
                    if c.tag != tags.c:
                        continue
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters)
                        if column is None:
                            column = columns[letters] = column_index_from_string(letters)
                    else:
                        column = len(values) + 1
                    if column > len(values) + 1:
                        values.extend([None] * (column - len(values) - 1))
                    if len(c) == 1 and c.get("t") == "inlineStr":
                        # The common text cell (openpyxl writes every string so): <is><t>…</t></is>.
                        inline = c[0]
                        if inline.tag == tags.inline and len(inline) == 1 and inline[0].tag == tags.t:
                            values.append(inline[0].text or "")
                            continue
                    values.append(self._value(c, tags))
                last = number
                yield number, values

    def _value(self, c, tags):
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(tags.inline)
            return _text_of(inline, tags) if inline is not None else None
        v = c.findtext(tags.v)
        if v is None or (v == "" and kind != "str"):
            # No cached result (openpyxl writes an empty <v/>): blank unless the cell holds a formula.
            # A cached empty text result (t="str", <v></v>) is a formula that computed "": blank.
            formula = c.find(tags.f)
            if formula is not None:
                return UncomputedFormula("=" + (formula.text or ""), ref=c.get("r"))
            if v is None:
                return None
        if kind == "s":
            return self.shared[int(v)]
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "d":
            return datetime.datetime.fromisoformat(v)
        try:
            number = Decimal(v)
        except InvalidOperation:
            return v
        style = self.number_styles.get(int(c.get("s") or 0)) if self.number_styles else None
        if style is DATE:
            return from_excel(float(number), self.epoch)
        if len(v) > 15 or "E" in v or "e" in v:
            number = excel_precision(number)  # more than 15 digits as written: round as Excel shows
        return as_shown(number, style) if style else number


class _Tags:
    def __init__(self, ns):
        self.row, self.c, self.v, self.inline = f"{ns}row", f"{ns}c", f"{ns}v", f"{ns}is"
        self.t, self.r, self.f = f"{ns}t", f"{ns}r", f"{ns}f"


def _row_elements(stream):
    """Each <row> element of a worksheet stream, with the tag names of its namespace.

    Tags are compared as whole strings: this loop sees every element of a 150,000-row sheet, and
    splitting each tag cost more than the parsing. (Cutting the XML into batches of rows for
    ET.fromstring was tried and measured slower than iterparse.)
    """
    tags = None
    for _, el in ET.iterparse(stream):
        if tags is None:
            ns = el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""
            tags = _Tags(ns)
        if el.tag == tags.row:
            yield el, tags
            el.clear()


def excel_precision(number):
    """A number as Excel shows it: 15 significant digits. Writers store binary noise such as
    68.34999999999999 for 68.35 (openpyxl uses %.16g, Excel 17 digits); the user typed 68.35."""
    if not number.is_finite():
        return number
    if len(number.as_tuple().digits) > 15:
        number = number.scaleb(-number.adjusted()).quantize(Decimal("1e-14")).scaleb(number.adjusted()).normalize()
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))  # 1E+2 → 100: codes and years read as typed
    return number


def _text_of(el, tags=None):
    """The text of an <si> or <is>: plain <t>, or the <t> of each rich-text run; never phonetic <rPh>."""
    if tags is not None and len(el) == 1 and el[0].tag == tags.t:
        return el[0].text or ""  # the common case: one plain <t>
    parts = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            for t in child:
                if _local(t.tag) == "t":
                    parts.append(t.text or "")
    return "".join(parts)
