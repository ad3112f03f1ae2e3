"""Small workbooks for tests, written in the import format itself."""

import io
import re
import zipfile

import openpyxl

from budgets.importexport.export import table_rows, write_workbook
from budgets.importexport.format import SHEETS
from budgets.models import Department, District, Filing, SpecialFund


def workbook_bytes(rows=None):
    return write_workbook(rows or {})


def seed_rows(filing):
    return table_rows([filing])


def cell_values(data):
    """{sheet: [row tuple, …]} of an xlsx file, as openpyxl reads it."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def header_index(sheet, header):
    return [c.header for c in SHEETS[sheet]].index(header)


def sheet_part(data, title):
    """The zip path of a worksheet of an openpyxl-written workbook, by its title."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"
    finally:
        wb.close()


def rewrite_parts(data, edits):
    """A copy of an xlsx with some parts changed: edits maps a zip path to a function of its bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename in edits:
                body = edits[item.filename](body)
            dst.writestr(item, body)
    return out.getvalue()


def replace_cell(data, title, ref, cell_xml):
    """A copy of an xlsx with one cell's whole <c> element replaced by cell_xml (raw XML text)."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode(), re.S)

    def edit(body):
        body, n = pattern.subn(cell_xml.encode(), body, count=1)
        assert n == 1, f"no cell {ref} in {title}"
        return body

    return rewrite_parts(data, {sheet_part(data, title): edit})


def empty_database():
    """Nothing of the district left, so an import starts from scratch (funds are the district's too)."""
    Filing.objects.all().delete()
    SpecialFund.objects.all().delete()
    Department.objects.all().delete()
    District.objects.all().delete()


def with_number_formats(data, edits):
    """A copy of a workbook with cells set as a user sets them in Excel: a number and its number format.

    edits maps a sheet to {(data row from 0, header): (value, number_format)}; openpyxl writes a
    built-in format (0.00, #,##0.00) by its id and any other as a custom numFmt, as Excel does."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for sheet, cells in edits.items():
        ws = wb[sheet]
        for (row, header), (value, number_format) in cells.items():
            cell = ws.cell(row=row + 2, column=header_index(sheet, header) + 1)
            cell.value = value
            cell.number_format = number_format
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
