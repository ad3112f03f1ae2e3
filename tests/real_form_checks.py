"""The real forms' cells checked against the database (the export), show_filing's text and the PDF.

Comparisons normalise whitespace only (the PDF wraps cells wherever the column width says), and amount
columns compare without thousands separators (「3,309,840.00」 is held as the number 3309840.00).
"""

from decimal import Decimal
from pathlib import Path

from budgets.importexport.format import (
    EXTRA_FIELDS,
    FILINGS,
    INDICATORS,
    LINES,
    OVERALL,
    PROJECT_COSTS,
    PROJECT_MONEY,
    PROJECT_STAGES,
    PROJECTS,
    SHEETS,
)
from budgets.models.money import format_money

from .real_form_maps import FORMS, LAYOUT
from .real_forms import (
    LAYOUT_KEY,
    MONEY_COLUMNS,
    indicator_headers,
    label_key,
    load,
    print_prefix,
    show_prefix,
    shown_under,
    squash,
)


def _display(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return format_money(value)
    return str(value)


KEY_COLUMNS = {
    LINES: ["部门编码", "预算年度", "版本", "表号", "行号"],
    PROJECTS: ["部门编码", "预算年度", "版本", "表号"],
    PROJECT_MONEY: ["部门编码", "预算年度", "版本", "表号", "行号"],
    PROJECT_COSTS: ["部门编码", "预算年度", "版本", "表号", "行号"],
    PROJECT_STAGES: ["部门编码", "预算年度", "版本", "表号", "行号"],
    EXTRA_FIELDS: ["部门编码", "预算年度", "版本", "表号", "行号"],
    INDICATORS: ["部门编码", "预算年度", "版本", "表号", "所属支出方向行号", "期间", "行号"],
    FILINGS: ["部门编码", "预算年度", "版本", "表号"],
    OVERALL: ["部门编码", "预算年度", "版本", "表号"],
}


def exported_cell(exported, loaded, target):
    """The exported value at (sheet, row key, column), or None when the row is not there."""
    sheet, row_key, column = target
    headers = [c.header for c in SHEETS[sheet]]
    want = [loaded.department_code, loaded.year, 1, 0, *row_key]
    for row in exported[sheet]:
        values = dict(zip(headers, row, strict=True))
        got = [values[h] for h in KEY_COLUMNS[sheet]]
        if sheet == INDICATORS:
            got[5] = str(got[5])  # 期间
        if got == want:
            return _display(values[column])
    return None


# Row sheets whose cells are checked as one printed row: the columns in printed order.
ROW_RUNS = {PROJECT_MONEY: ["项目", "来源/级次", "金额"], PROJECT_STAGES: ["阶段", "时间", "完成时间", "内容"]}


def check(loaded, exported, shown_text, pdf_text):
    """Fill stored/shown/printed of every placed cell (whitespace-insensitive comparisons)."""
    show_lines = shown_text.splitlines()
    show_flat = squash(shown_text)
    pdf = squash(pdf_text)
    layout = FORMS[loaded.code].layout_code
    headers = indicator_headers(layout)
    table = _indicator_lines(show_lines, len(headers))
    for cell in loaded.placed:
        text = squash(cell.text)
        if cell.kind == "label":
            cell.stored = True  # labels are the layout's, not data
            keys = [label_key(p) for p in cell.parts] or [label_key(cell.text)]
            cell.shown = all(k and k in show_flat for k in keys)
            cell.printed = all(k and k in pdf for k in keys)
            continue
        sheet, _key, column = cell.targets[0]
        if column in MONEY_COLUMNS and sheet in (OVERALL, LINES):
            # An amount column holds the number: 「3,309,840.00」 is stored, shown and printed as 3309840.00.
            text = text.replace(",", "")
        cell.stored = any(exported_cell(exported, loaded, t) is not None
                          and squash(exported_cell(exported, loaded, t)) == text for t in cell.targets)
        if sheet == EXTRA_FIELDS:
            # A 其他栏目 row prints its label and text together: 「label：text」, under the title 「labeltext」.
            row = cell.rows[0]
            sep = "" if row["位置"] == "标题下" else "："
            cell.shown = squash(row["栏目"] + sep + row["内容"]) in show_flat
            cell.printed = squash(row["栏目"] + row["内容"]) in pdf
            continue
        if sheet in ROW_RUNS:
            # A 项目资金 / 实施进度 row prints its cells side by side: look for the whole row.
            fields = [cell.rows[0].get(c) or "" for c in ROW_RUNS[sheet]
                      if c != "完成时间" or cell.rows[0].get(c)]  # a form with one 时间 column prints three
            cell.shown = squash(" | ".join(fields)) in show_flat
            cell.printed = squash("".join(fields)) in pdf
            continue
        if sheet == LINES and column in TABLE_CELL and TABLE_CELL[column] in dict(LAYOUT[layout]["columns"]):
            # A one-table layout (07): a project's own cells lead its first row, in the layout's order.
            keys = [k for k, _ in LAYOUT[layout]["columns"] if k in TABLE_CELL.values()]
            by_key = {key: col for col, key in TABLE_CELL.items()}
            i = keys.index(TABLE_CELL[column])
            values = projects_of(loaded)[_key[0] - 1]
            run = "".join(_printed(values.get(by_key[k]), by_key[k]) for k in keys[: i + 1])
            cell.printed = squash(run) in pdf
            cell.shown = any(squash(fields[i]) == text for fields in table)
            continue
        if sheet != INDICATORS:
            cell.shown = squash(show_prefix(layout, sheet, column)) + text in show_flat
            cell.printed = squash(print_prefix(layout, sheet, column)) + text in pdf
            continue
        under = shown_under(layout, column)
        if under not in headers:
            continue  # stored, but no layout prints the column
        i = headers.index(under)
        # A row is known by the cells of its 一级/二级/三级 columns, wherever (and whether) the layout prints them.
        ident_at = [(headers.index(shown_under(layout, c)), c) for c in ("一级指标", "二级指标", "三级指标")
                    if shown_under(layout, c) in headers]
        for row in cell.rows:
            if any(all(squash(fields[j]) == squash(row.get(c, "")) for j, c in ident_at) and squash(fields[i]) == text
                   for fields in table):
                cell.shown = True
            cell.printed = cell.printed or _printed_in_row(pdf, row, column, layout)


# 附件3 columns that a one-table layout prints as a project's own cells (sheet_* columns).
TABLE_CELL = {"实施单位": "sheet_unit", "附件3支出方向（子项）": "sheet_name", "项目金额": "sheet_amount",
              "附件3年度绩效目标": "sheet_goal"}


def projects_of(loaded):
    """The LINES rows of the workbook as {column: value}, in 行号 order."""
    headers = [c.header for c in SHEETS[LINES]]
    return [dict(zip(headers, row, strict=False)) for row in loaded.rows[LINES]]


def _printed(value, column):
    """A workbook value as the one-table print shows it: an amount without thousands separators."""
    text = _display(value)
    return text.replace(",", "") if column in MONEY_COLUMNS else text


def _indicator_lines(lines, width):
    """The indicator rows of show_filing's text, split into their fields."""
    out = []
    for line in lines:
        if line.startswith("    ") and line.count(" | ") == width - 1:
            # Only the indent goes: a blank last field leaves the line ending in " | ".
            out.append([f.replace("⏎", "\n") for f in line[4:].split(" | ")])
    return out


def _printed_in_row(pdf, row, column, layout):
    """The PDF prints a row's cells in the layout's column order, each cell's lines together
    (pdftotext -raw): a 三级 and the cells after it up to this one are adjacent; 一级 sits before
    its 二级, 二级 before its first row's 三级."""
    format_column = {key: c for c, key in LAYOUT_KEY.items()}
    order = [format_column[key] for key, _label in LAYOUT[layout]["columns"]
             if key not in ("level1", "level2") and key in format_column]  # a project's own cells come first
    if column == "一级指标":
        return squash(row.get("一级指标", "") + row.get("二级指标", "")) in pdf
    if column == "二级指标":
        return squash(row.get("二级指标", "") + row.get("三级指标", "")) in pdf
    run = "".join(row.get(c, "") for c in order[: order.index(column) + 1])
    return squash(run) in pdf


def counts(loaded):
    cells = loaded.cells
    return {
        "cells": len(cells),
        "stored": sum(c.stored for c in cells),
        "shown": sum(c.shown for c in cells),
        "printed": sum(c.printed for c in cells),
        "no place": len(loaded.lost),
        "lost": sum(not c.printed for c in cells),
    }


def run_form(path, render_pdf_text):
    """Import one form (district 石峰区 must exist), then check every placed cell.

    render_pdf_text(filing) → the PDF's text. Returns (loaded, result, filing or None, show text)."""
    from budgets.importexport.export import table_rows, write_workbook
    from budgets.importexport.service import run_import
    from budgets.models import Filing
    from budgets.text import filing_as_text

    loaded = load(path)
    result = run_import([(f"{loaded.code}.xlsx", write_workbook(loaded.rows))], dry_run=False)
    if not result.ok:
        return loaded, result, None, ""
    filing = Filing.objects.get(department__code=loaded.department_code, year=loaded.year)
    shown = filing_as_text(filing)
    check(loaded, table_rows([filing]), shown, render_pdf_text(filing))
    return loaded, result, filing, shown


def pdf_text(filing, path=None):
    """The filing's PDF through pdftotext -raw (as tests/pdf/conftest.py reads it); kept at path if given."""
    import subprocess
    import tempfile

    from approvals.pdf import render_filing_pdf

    data = render_filing_pdf(filing)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        target = Path(path) if path else Path(tmp.name)
        target.write_bytes(data)
        return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(target), "-"],
                              check=True, capture_output=True, text=True).stdout

