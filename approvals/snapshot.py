"""A revision's content: every table of one filing in the export's row format, and the diff
between two rounds.

The rows are the prior-year workbook's (budgets.importexport.export.table_rows), so a revision
reads like an export of that moment and its row keys — 行号, 期间, 所属支出方向行号 — are the
natural keys that survive re-import and copying. The unit/year/version columns are left out:
they are the filing's own, not its content.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from budgets.importexport.export import table_rows
from budgets.importexport.format import DEPARTMENTS, KEY_COLUMNS, README, SHEETS

# The columns that name a row within its sheet (besides the filing's own key).
ROW_KEY_HEADERS = ("所属支出方向行号", "期间", "行号")
# Not content: the filing's key, and its state (which the workflow, not the unit, changes).
FILING_KEY_HEADERS = {c.header for c in KEY_COLUMNS} | {"表号", "状态"}


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def take(filing):
    """{sheet: {"columns": [header, …], "rows": [[value, …], …]}} with JSON-safe values."""
    tables = {}
    for sheet, rows in table_rows([filing]).items():
        if sheet in (DEPARTMENTS, README) or not rows:
            continue
        headers = [c.header for c in SHEETS[sheet]]
        keep = [i for i, h in enumerate(headers) if h not in FILING_KEY_HEADERS]
        tables[sheet] = {"columns": [headers[i] for i in keep],
                         "rows": [[_plain(row[i]) if i < len(row) else "" for i in keep] for row in rows]}
    return tables


def keyed_rows(table):
    """{row key: {column: value}} for one sheet; the key is a readable label like 「行号 3」."""
    columns = table["columns"]
    key_at = [i for i, c in enumerate(columns) if c in ROW_KEY_HEADERS]
    out = {}
    for row in table["rows"]:
        key = "，".join(f"{columns[i]} {row[i]}" for i in key_at if row[i] not in ("", None)) or "—"
        out[key] = dict(zip(columns, row, strict=False))
    return out


# The column that names a row to a reader, per sheet (the first one a sheet has).
NAME_HEADERS = ("三级指标", "支出方向（子项）", "事项", "项目名称", "栏目", "项目", "测算项目", "阶段")


def row_name(key, row):
    """「期间 年度，行号 6」 as a reader says it: with the row's own name (居民生活便利)."""
    name = next((str(row[h]) for h in NAME_HEADERS if row.get(h) not in ("", None)), "")
    return f"{key}「{name[:40]}」" if name and key != "—" else (name[:40] or key)


@dataclass
class Change:
    sheet: str
    row: str
    column: str
    old: object
    new: object

    @property
    def kind(self):
        if self.column == "":
            return "added" if self.old in ("", None) else "removed"
        return "changed"


def diff(before, after):
    """What changed from one revision's tables to the next, cell by cell (old → new); a row only
    in one of them is one Change with an empty column."""
    changes = []
    for sheet in dict.fromkeys([*before, *after]):
        old_rows = keyed_rows(before.get(sheet, {"columns": [], "rows": []}))
        new_rows = keyed_rows(after.get(sheet, {"columns": [], "rows": []}))
        for key in dict.fromkeys([*old_rows, *new_rows]):
            old, new = old_rows.get(key), new_rows.get(key)
            if old is None:
                changes.append(Change(sheet, row_name(key, new), "", "", _summary(new)))
            elif new is None:
                changes.append(Change(sheet, row_name(key, old), "", _summary(old), ""))
            else:
                for column in dict.fromkeys([*old, *new]):
                    if column in ROW_KEY_HEADERS:
                        continue
                    if str(old.get(column, "")) != str(new.get(column, "")):
                        changes.append(Change(sheet, row_name(key, new), column, old.get(column, ""),
                                              new.get(column, "")))
    return changes


def _summary(row):
    return " · ".join(str(v) for k, v in row.items() if k not in ROW_KEY_HEADERS and v not in ("", None))[:300]


def targets(tables):
    """The places a comment can be put on, as (key, label): the whole filing, the header fields, each
    附件2 line, each 附件3 sheet, each indicator."""
    from budgets.importexport.format import INDICATORS, LINES, OVERALL, PROJECTS

    out = [("filing", "整份申报")]
    for sheet in (OVERALL, PROJECTS):
        table = tables.get(sheet)
        if table:
            out += [(f"field:{sheet}:{c}", f"{c}") for c in table["columns"]]
    for key, row in keyed_rows(tables.get(LINES, {"columns": [], "rows": []})).items():
        name = row.get("支出方向（子项）", "")
        out.append((f"line:{key}", f"附件2 {row.get('序号', '')} {name}".strip()))
        if row.get("附件3顺序") not in ("", None):
            out.append((f"sheet:{row['附件3顺序']}", f"附件3（{row['附件3顺序']}）{row.get('附件3支出方向（子项）') or name}"))
    for key, row in keyed_rows(tables.get(INDICATORS, {"columns": [], "rows": []})).items():
        where = "附件1" if row.get("所属支出方向行号") in ("", None) else f"支出方向{row['所属支出方向行号']}"
        out.append((f"indicator:{key}", f"{where} {row.get('期间', '')}指标 {row.get('行号')}：{row.get('三级指标', '')}"))
    return out


def render_html(packet):
    """The filing as its page reads it (every block in its own layout), kept with the revision so
    the review page shows what was submitted, not what the rows hold later."""
    from django.template.loader import render_to_string

    from budgets.reading import read_filing

    return render_to_string("budgets/_reading.html", {"filing": packet.filing,
                                                      "reading": read_filing(packet.filing, packet)})
