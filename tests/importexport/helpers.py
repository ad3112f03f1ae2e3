"""Small workbooks for tests, written in the import format itself."""

import io

import openpyxl

from budgets.importexport.export import table_rows, write_workbook
from budgets.importexport.format import SHEETS


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
