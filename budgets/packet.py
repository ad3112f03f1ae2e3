"""A whole filing read in a fixed number of queries, in the forms' reading order.

Detail pages, text output, PDFs, validation and exports all read filings through load_packet(),
so "what a filing contains" and "in which order" are defined once.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects

from budgets.models import Indicator

from .models import Filing, KeyTask, ProjectSheet, SubItem
from .models.money import typed_sum


@dataclass
class SheetPacket:
    sheet: ProjectSheet
    line: SubItem
    indicators: list = field(default_factory=list)


@dataclass
class LinePacket:
    line: SubItem
    children: list = field(default_factory=list)


@dataclass
class FilingPacket:
    filing: Filing
    key_tasks: list
    indicators: list  # 附件1
    lines: list  # 附件2 top rows, each with children
    sheets: list  # 附件3 in packet order
    form: object = None  # a project filing's ProjectForm (its rows prefetched), else None
    form_fields: list = field(default_factory=list)  # 其他栏目 in printed order

    @property
    def all_indicators(self):
        return self.indicators + [i for s in self.sheets for i in s.indicators]


def indicator_queryset():
    return Indicator.objects.select_related("level2__level1").order_by("period", "order")


# What a packet reads along with the filing row itself (one query).
FILING_RELATED = ("department__district", "framework", "layout", "project_form")


def load_filing(pk, *, queryset=None):
    """The filing row as packet_of() wants it; `queryset` (e.g. budgets.access.filings_visible_to)
    scopes the read, raising Filing.DoesNotExist outside it, in the same query."""
    return (queryset if queryset is not None else Filing.objects).select_related(*FILING_RELATED).get(pk=pk)


def load_packet(filing, *, queryset=None):
    """The packet of a Filing or a filing's pk (see load_filing for `queryset`)."""
    return packet_of(load_filing(filing.pk if isinstance(filing, Filing) else filing, queryset=queryset))


def packet_of(filing):
    """The packet of a filing row read by load_filing() (its related rows come along)."""
    return packets_of([filing])[0]


def packets_of(filings):
    """The packets of several filing rows read like load_filing()'s, in as many queries as one."""
    filings = list(filings)
    if not filings:
        return []
    prefetch_related_objects(
        filings,
        "project_form__money_rows", "project_form__cost_rows", "project_form__stages", "form_fields",
        Prefetch("key_tasks", queryset=KeyTask.objects.order_by("order")),
        Prefetch("sub_items", queryset=SubItem.objects.order_by("order").select_related("sheet")),
    )
    by_filing = {}
    for ind in indicator_queryset().filter(filing__in=filings):
        by_filing.setdefault(ind.filing_id, {}).setdefault(ind.sheet_id, []).append(ind)
    return [_packet(filing, by_filing.get(filing.pk, {})) for filing in filings]


def _packet(filing, by_sheet):
    lines, line_by_id, sheets = [], {}, []
    for line in filing.sub_items.all():
        if line.parent_id is None:
            lp = LinePacket(line)
            line_by_id[line.pk] = lp
            lines.append(lp)
        else:
            line_by_id[line.parent_id].children.append(line)
        sheet = getattr(line, "sheet", None) if hasattr(line, "sheet") else None
        if sheet is not None:
            sheets.append(SheetPacket(sheet, line, by_sheet.get(sheet.pk, [])))
    sheets.sort(key=lambda s: s.sheet.order)
    form = getattr(filing, "project_form", None) if filing.is_project else None
    return FilingPacket(filing, list(filing.key_tasks.all()), by_sheet.get(None, []), lines, sheets, form,
                        sorted(filing.form_fields.all(), key=lambda f: f.order))


ZERO = Decimal(0)


def lines_total(packet):
    """附件2 合计: the sum of the top rows (blank amounts count as 0)."""
    return typed_sum(lp.line.amount for lp in packet.lines)


def group_indicators(indicators, level1=True, level2=True, merge=True):
    """Rows grouped for merged cells by the 一级 / 二级 names printed on them:
    [(一级, [(二级, [row, …]), …]), …] in row order. Rows that follow each other with the same names
    share a cell; a layout without a tier column groups nothing on it (""); with merge off (a form
    that prints the names on every row) each row is a group of its own."""
    groups = []
    for ind in indicators:
        l1 = ind.tier1 if level1 else ""
        l2 = ind.tier2 if level2 else ""
        if not merge:
            groups.append((l1, [(l2, [ind])]))
            continue
        if not groups or groups[-1][0] != l1:
            groups.append((l1, []))
        sub = groups[-1][1]
        if not sub or sub[-1][0] != l2 or not (level2 or level1):
            sub.append((l2, []))
        sub[-1][1].append(ind)
    return groups
