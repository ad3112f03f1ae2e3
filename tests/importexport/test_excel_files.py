"""Workbooks as Excel and WPS save them: shared strings, rich text, dates, numbers as typed."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

from budgets.importexport.export import export_filings
from budgets.importexport.service import run_import
from budgets.models import Filing, ProjectSheet

from .helpers import cell_values, empty_database

_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def as_excel_saves_it(data, rich_first=False):
    """Rewrite openpyxl's inline strings into a sharedStrings part, the way Excel and WPS store text.

    With rich_first, the first shared string becomes two rich-text runs plus a phonetic guide (rPh),
    which must not end up in the value.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    strings, index = [], {}

    def shared(m):
        text = m[3]
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c {m[1]}t="s"{m[2]}><v>{index[text]}</v></c>'

    parts = {}
    for item in src.infolist():
        body = src.read(item.filename)
        if item.filename.startswith("xl/worksheets/sheet"):
            text = _INLINE.sub(shared, body.decode())
            body = re.sub(r'<c ([^>]*?) ?t="inlineStr" ?/>', r"<c \1/>", text).encode()
        parts[item.filename] = body
    items = []
    for i, text in enumerate(strings):
        if i == 0 and rich_first and len(text) > 1:
            items.append(f'<si><r><t xml:space="preserve">{text[:1]}</t></r><r><rPr><b/></rPr>'
                         f'<t xml:space="preserve">{text[1:]}</t></r><rPh sb="0" eb="1"><t>ピン</t></rPh></si>')
        else:
            items.append(f'<si><t xml:space="preserve">{text}</t></si>')
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(items) + "</sst>").encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(name, body)
    return out.getvalue()


def _empty_database():
    empty_database()


def test_a_workbook_with_shared_strings_imports_like_the_export(seed_filing):
    exported = export_filings([seed_filing])
    excel = as_excel_saves_it(exported)
    archive = zipfile.ZipFile(io.BytesIO(excel))
    assert "xl/sharedStrings.xml" in archive.namelist()
    assert not any(b"inlineStr" in archive.read(n) for n in archive.namelist() if "worksheets" in n)
    _empty_database()

    result = run_import([("excel.xlsx", excel)], dry_run=False)

    assert result.ok, [str(p) for p in result.problems]
    assert cell_values(export_filings([Filing.objects.get()])) == cell_values(exported)


def test_rich_text_runs_are_joined_and_phonetic_guides_dropped(frameworks, seed_filing):
    exported = export_filings([seed_filing])
    _empty_database()
    excel = as_excel_saves_it(exported, rich_first=True)
    assert b"<rPh" in zipfile.ZipFile(io.BytesIO(excel)).read("xl/sharedStrings.xml")
    result = run_import([("excel.xlsx", excel)], dry_run=False)
    assert result.ok, [str(p) for p in result.problems]
    assert "ピン" not in str(cell_values(export_filings([Filing.objects.get()])))


def test_dates_and_exact_numbers_are_read_from_the_cells(seed_filing):
    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).first()
    assert sheet.period_start == datetime.date(2021, 1, 1)
    exported = export_filings([seed_filing])
    _empty_database()
    run_import([("x.xlsx", exported)], dry_run=False)
    sheet = ProjectSheet.objects.get(name=sheet.name)
    assert (sheet.period_start, sheet.period_end) == (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert Filing.objects.get().total_amount == Decimal("1482.9")
