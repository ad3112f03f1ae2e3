"""The district-year dashboard as an xlsx workbook (write-only, so memory does not grow with it).

Text is written as text: a unit name or a user name that looks like a formula (「=…」, 「+…」, a
leading tab) is stored as a string with Excel's quotePrefix, as budgets.importexport does.
"""

import io
import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What Excel or LibreOffice would run as a formula: a formula character, also after leading
# whitespace, or a leading tab or carriage return (the same test as budgets.importexport.cells).
FORMULA_LIKE = re.compile(r"^(?:\s*[=+\-@]|[\t\r])")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def headers(chain):
    return (["单位", "表", "状态", "填写进度", "资金总额（万元）", "送审轮次", "退回次数"]
            + [f"{name}（天）" for name in chain]
            + ["最近评级", "错误数", "警告数", "最近操作", "操作人", "操作时间"])


def row_values(row, chain_length):
    f = row.filing
    event = row.last_event
    amount = row.amount
    if amount is not None and f.money_unit != "万元":
        amount = f"{amount.normalize():f}{f.money_unit}"  # not added into a 万元 column as if it were one
    return ([row.department.name, row.form_label, row.status_label,
             f"{row.progress[0]}/{row.progress[1]}" if row.progress else None,
             amount, row.rounds if f is not None and not row.is_draft else None,
             row.returns if f is not None and not row.is_draft else None]
            + (row.stage_days or [None] * chain_length)
            + [row.grade or None, row.errors, row.warnings,
               event.action_display if event else None, event.actor_name if event else None,
               timezone.localtime(event.created).replace(tzinfo=None) if event else None])


def _cell(ws, value):
    if isinstance(value, str) and FORMULA_LIKE.match(value):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if hasattr(value, "hour"):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    return value


def workbook(dashboard):
    """The dashboard's rows and totals as xlsx bytes."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(f"{dashboard.year}年审核进度")
    titles = headers(dashboard.chain)
    ws.freeze_panes = "B2"
    for i, title in enumerate(titles, 1):
        ws.column_dimensions[get_column_letter(i)].width = 30 if i == 1 else max(10, len(title) * 2 + 2)
    header = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    for row in dashboard.rows:
        ws.append([_cell(ws, v) for v in row_values(row, len(dashboard.chain))])
    total = WriteOnlyCell(ws, value=f"合计（{dashboard.units}个单位）")
    total.font = HEADER_FONT
    ws.append([total, None, "，".join(f"{label}{n}" for _, label, n in dashboard.status_counts()), None,
               dashboard.total_amount, None, dashboard.total_returns, *dashboard.total_stage_days, None,
               dashboard.total_errors, dashboard.total_warnings, None, None, None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
