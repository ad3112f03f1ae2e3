"""Filings → the import format (xlsx workbook or a zip of CSV files), and the empty template.

Exported files import back unchanged: every value the data model holds has a column, text is
written as text (a formula-looking 「=…」 keeps Excel's quotePrefix in xlsx and a leading apostrophe
in CSV), and amounts are numbers when Excel can hold them exactly.
"""

import csv
import datetime
import io
import zipfile
from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from budgets.audit import log_action
from budgets.models import Department, Filing, ProjectFunding
from budgets.models.money import format_money
from budgets.packet import load_packet

from .cells import FORMULA_START, escape_csv_text, number_for_cell
from .format import (
    DEPARTMENTS,
    EXTRA_FIELDS,
    FILINGS,
    FUNDING_SOURCES,
    INDICATORS,
    KEY_TASKS,
    KEYED_SHEETS,
    LINES,
    OVERALL,
    PROJECTS,
    README,
    SHEETS,
)
from .plan_projects import FORM_FIELDS, RELATED, ROW_FIELDS
from .plan_types import LINE_FIELDS, OVERALL_FIELDS, SHEET_COLUMNS, TASK_FIELDS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

README_LINES = [
    "绩效目标历史数据导入格式（详细说明见 docs/import-format.md）",
    "",
    "1. 每张表第1行为列标题，不要改名、删除或合并单元格；列的顺序可以调整。橙色标题为必填列。",
    "2. 申报由「部门编码 + 预算年度 + 版本」确定；各表的行由申报加「行号」确定。再次导入同一文件不会产生重复数据：",
    "   相同的行保持不变，改动的行被更新；某份申报在文件中没有的行会被删除。",
    "3. 金额单位为万元，最多6位小数，不能为负数；可以写「１，２３４．５」这样的全角数字和千分位。",
    "4. 「支出方向（附件2及附件3）」表每行是附件2的一行；有附件3的行填写「附件3顺序」及其后各列。",
    "   「上级行号」填所属的上一级支出方向的行号（子项才填）。",
    "5. 「绩效指标」表：「所属支出方向行号」为空表示附件1部门整体指标，否则为该行附件3的指标。",
    "6. 导入的申报标记为「历史导入」，在系统中只读；如需更正，请修改文件后重新导入。原样再导入导出的文件不修改任何数据。",
    "   在线填报的申报不能用导入修改：文件中它的内容与系统中不同时报错，不写入任何数据；请把它在各表中的「版本」改为新的版本号。",
    "7. 本说明表导入时忽略。",
]


def _fmt(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return number_for_cell(value)
    return value


def _choice_label(enum, value):
    return str(enum(value).label) if value else ""


def table_rows(filings):
    """{sheet: [[cell, …], …]} for the given filings (any iterable of Filing or ids)."""
    rows = {sheet: [] for sheet in SHEETS}
    packets = [load_packet(f) for f in filings]
    departments = {}
    sheet_ids = [sp.sheet.pk for p in packets for sp in p.sheets]
    fundings = defaultdict(dict)
    for i in range(0, len(sheet_ids), 500):
        for funding in ProjectFunding.objects.filter(sheet_id__in=sheet_ids[i:i + 500]):
            fundings[funding.sheet_id][funding.source] = funding.amount
    for packet in packets:
        filing = packet.filing
        departments.setdefault(filing.department.code, filing.department)
        key = [filing.department.code, filing.year, filing.version]
        before = {sheet: len(rows[sheet]) for sheet in KEYED_SHEETS}
        amended = Filing.objects.filter(pk=filing.amended_from_id).values_list("version", flat=True).first()
        rows[FILINGS].append(key + [filing.framework.code, filing.get_status_display(), amended,
                                    filing.department_name, filing.layout.code, filing.money_unit])
        rows[OVERALL].append(key + [getattr(filing, f) for f in OVERALL_FIELDS])
        for task in packet.key_tasks:
            rows[KEY_TASKS].append(key + [task.order] + [getattr(task, f) for f in TASK_FIELDS])
        _line_rows(rows[LINES], key, packet, fundings)
        sheet_line_order = {sp.sheet.pk: sp.line.order for sp in packet.sheets}
        for ind in packet.all_indicators:
            rows[INDICATORS].append(key + [
                sheet_line_order.get(ind.sheet_id), ind.get_period_display(), ind.order,
                ind.tier1, ind.tier2, ind.name, ind.value_text, ind.operator, ind.value_number,
                ind.unit, ind.weight, ind.explanation, ind.scoring_rule, ind.basis, ind.last_year_value,
                ind.is_core, ind.remark, ind.value_type, ind.direction,
            ])
        if packet.form is not None:
            _project_rows(rows, key, packet.form)
        for f in packet.form_fields:
            rows[EXTRA_FIELDS].append(key + [f.order, f.get_place_display(), f.label, f.text])
        for sheet, start in before.items():  # 表号, the last column of every keyed sheet
            for row in rows[sheet][start:]:
                row.append(filing.form_no)
    for dept in sorted(departments.values(), key=lambda d: (d.order, d.code)):
        rows[DEPARTMENTS].append([dept.code, dept.name, dept.district.code, dept.district.name,
                                  dept.district.short_name, dept.get_kind_display(), dept.order, dept.is_active])
    # code, year, version, 表号 (last), then 附件1 before the 附件3 rows, 实施期 before 年度, 行号.
    rows[INDICATORS].sort(key=lambda r: (r[0], r[1], r[2], r[-1], r[3] is not None, r[3] or 0, r[4] != "实施期", r[5]))
    return rows


def _typed(obj):
    # Text, so that the digits come back as they were typed (and 968.1918 never turns into a float).
    return obj.amount_text or format_money(obj.amount) or None


def _project_rows(rows, key, form):
    """项目表 and its row sheets; amounts as typed where the form kept the typed text."""
    rows[PROJECTS].append(key + [_typed(form) if f == "amount" else getattr(form, f) for f in FORM_FIELDS])
    for sheet, related in RELATED.items():
        for r in getattr(form, related).all():
            rows[sheet].append(key + [r.order] + [_typed(r) if f == "amount" else getattr(r, f)
                                                  for f in ROW_FIELDS[sheet][1:]])


def _line_rows(out, key, packet, fundings):
    sheets = {sp.line.pk: sp.sheet for sp in packet.sheets}
    lines = []
    for lp in packet.lines:
        lines.append((lp.line, None))
        lines.extend((child, lp.line.order) for child in lp.children)
    for line, parent_order in sorted(lines, key=lambda pair: pair[0].order):
        row = key + [line.order, parent_order] + [getattr(line, f) for f in LINE_FIELDS]
        sheet = sheets.get(line.pk)
        if sheet is None:
            row += [None] * (len(SHEET_COLUMNS) + len(FUNDING_SOURCES))
        else:
            for model_field in SHEET_COLUMNS.values():
                value = getattr(sheet, model_field)
                if model_field == "attribute":
                    value = _choice_label(sheet.Attribute, value)
                row.append(value)
            row += [fundings[sheet.pk].get(source) for source in FUNDING_SOURCES]
        out.append(row)


def _cell(ws, value):
    value = _fmt(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # Text, not a formula: data type "s" plus quotePrefix, as Excel stores a typed '=….
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _header_cells(ws, sheet, extra=()):
    cells = []
    for column in SHEETS[sheet]:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cells.append(cell)
    for header in extra:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        cells.append(cell)
    return cells


def _prepare_sheet(ws, sheet, width_extra=0):
    ws.freeze_panes = "A2"
    for i, column in enumerate(SHEETS[sheet], 1):
        wide = column.kind == "text" and column.max_length is None
        ws.column_dimensions[get_column_letter(i)].width = 30 if wide else max(10, len(column.header) * 2 + 2)
    for i in range(width_extra):
        ws.column_dimensions[get_column_letter(len(SHEETS[sheet]) + i + 1)].width = 60


def write_workbook(rows, readme=True):
    workbook = Workbook(write_only=True)
    if readme:
        ws = workbook.create_sheet(README)
        ws.column_dimensions["A"].width = 120
        for line in README_LINES:
            cell = WriteOnlyCell(ws, value=line)
            cell.alignment = Alignment(wrap_text=False)
            ws.append([cell])
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet)
        _prepare_sheet(ws, sheet)
        ws.append(_header_cells(ws, sheet))
        for row in rows.get(sheet, []):
            ws.append([_cell(ws, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_value(value):
    if isinstance(value, Decimal):
        # Amounts as typed (1482.9, 0), never through a float.
        return format_money(value)
    value = _fmt(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_csv_text(value)
    return str(value)


def write_csv_zip(rows):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([c.header for c in SHEETS[sheet]])
            for row in rows.get(sheet, []):
                writer.writerow([_csv_value(v) for v in row])
            # The BOM makes Excel open UTF-8 CSV as UTF-8 instead of the system code page.
            archive.writestr(f"{sheet}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()


def template_workbook():
    return write_workbook({})


def template_csv_zip():
    return write_csv_zip({})


def export_filings(filings, *, actor=None, fmt="xlsx"):
    """The service behind every export: the file bytes, and one audit row per exported filing."""
    filings = list(filings)
    rows = table_rows(filings)
    data = write_workbook(rows) if fmt == "xlsx" else write_csv_zip(rows)
    for filing in filings:
        log_action("filing.exported", actor=actor, filing=filing, format=fmt)
    return data


def filings_for(year, department=None, district=None, queryset=None):
    qs = queryset if queryset is not None else Filing.objects.all()
    qs = qs.filter(year=year).select_related("department")
    if department is not None:
        qs = qs.filter(department=department)
    if district is not None:
        qs = qs.filter(department__district=district)
    return qs.order_by("department__order", "department__code", "version")


def failed_rows_workbook(failed_rows, problems):
    """The rows that failed, per sheet, as they were read, with a 错误说明 column to fix them in."""
    messages = defaultdict(list)
    for p in problems:
        if p.sheet and p.row:
            messages[(p.file, p.sheet, p.row)].append((f"「{p.column}」列：" if p.column else "") + p.message)
    by_sheet = defaultdict(list)
    for row in failed_rows:
        by_sheet[row.sheet].append(row)
    workbook = Workbook(write_only=True)
    for sheet in SHEETS:
        if sheet not in by_sheet:
            continue
        ws = workbook.create_sheet(sheet)
        _prepare_sheet(ws, sheet, width_extra=2)
        ws.append(_header_cells(ws, sheet, extra=["错误说明", "原行号"]))
        for row in by_sheet[sheet]:
            cells = [_cell(ws, row.raw.get(c.header)) for c in SHEETS[sheet]]
            note = "；".join(messages.get((row.file, row.sheet, row.number), []))
            ws.append(cells + [note, row.number])
    if not by_sheet:
        workbook.create_sheet("无错误")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def department_choices():
    return Department.objects.order_by("district", "order", "code")
