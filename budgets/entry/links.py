"""Where 检查 links each finding: the step that shows its place, and there the element (by id) of the
row, cell, field or grid it concerns.

The ids are the step pages' own: ind-<pk> and line-<pk> on rows, task-<pk> on 重点工作 rows, id_<field>
on a plain form's field (附件1 basics, a 附件3 header, a project form's header and goals), id_money-<n>-amount
on a project money row, grid-<prefix> on an indicator block's grid. tests/entry/test_finding_links.py opens
every link of filings broken in every way the rules report.
"""

from indicators.validation.findings import ATT2, ATT3

from .columns import GRID_PREFIX, grid_periods
from .steps import TABLE_FIELDS, project_step_key, step_key

# Where a project form's unreadable amounts are: the rule names the row by its label (structure.py).
PROJECT_ROWS = {"money": ("项目资金", "label"), "cost": ("成本测算", "item")}


def finding_url(finding, packet, urls):
    """The address of the finding's place: urls, {step key: the step's address}."""
    location = finding.location
    key = project_step_key(location) if packet.filing.is_project else step_key(location)
    return f"{urls.get(key, urls['check'])}#{anchor(finding, packet)}"


def anchor(finding, packet):
    """The element id of the row or field a finding concerns on its step page."""
    location = finding.location
    field = location.field
    if field.startswith("key_task") and location.row and 0 < location.row <= len(packet.key_tasks):
        # The rules number 重点工作 rows; the page's row element is task-<pk> of the N-th task.
        return f"task-{packet.key_tasks[location.row - 1].pk}"
    if location.indicator_id:
        row = next((i for i in table_rows(location, packet) if i.pk == location.indicator_id), None)
        if row is None or row.period in shown_periods(packet.filing):
            return f"ind-{location.indicator_id}"
        return grid_anchor(finding, packet)  # a row of a block the layout does not print: not on any grid
    if field in TABLE_FIELDS:
        return grid_anchor(finding, packet)
    if location.attachment == ATT3 and location.sheet_id:
        return f"id_{field}" if field else "step-form"  # the sheet's header, not its 附件2 line
    if location.attachment == ATT2 and location.line_id:
        return f"line-{location.line_id}"
    if field in PROJECT_ROWS:
        return project_row_anchor(field, location, packet)
    return f"id_{field}" if field else "step-form"


def shown_periods(filing):
    return [period for period, _ in grid_periods(filing)]


def table_rows(location, packet):
    """The indicator rows of the table a finding is on (附件1's or a project form's, or a 附件3's)."""
    if location.attachment == ATT3 and location.sheet_id:
        return next((sp.indicators for sp in packet.sheets if sp.sheet.pk == location.sheet_id), [])
    return packet.indicators


def grid_anchor(finding, packet):
    """The grid of the finding's block (实施期 or 年度): the one it names, else the one its table's rows
    are in, else the table's first grid."""
    shown = shown_periods(packet.filing)
    named = (finding.data or {}).get("period")
    periods = {i.period for i in table_rows(finding.location, packet)} & set(shown)
    if named in shown:
        period = named
    elif len(periods) == 1:
        period = periods.pop()
    else:
        period = shown[0]
    return f"grid-{GRID_PREFIX[period]}"


def project_row_anchor(field, location, packet):
    """The amount cell of the project money (or cost) row a finding names, else its table."""
    title, attribute = PROJECT_ROWS[field]
    rows = list((packet.form.money_rows if field == "money" else packet.form.cost_rows).all())
    for n, row in enumerate(rows):
        if location.field_label == f"{title}「{getattr(row, attribute)}」" and row.amount is None:
            return f"id_{field}-{n}-amount"
    return f"table-{field}"
