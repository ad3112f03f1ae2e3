"""Runs the rules over a filing, applies the district's severities and returns sorted findings.

Reads through budgets.packet.load_packet (a fixed number of queries) plus, per district and per
framework, one settings lookup and one framework tree; a Checker reuses both across many filings.
"""

from budgets.packet import load_packet
from indicators.models import Level2

from .config import settings_for_district
from .findings import ATT1, ATT2, ATT3, FILING, Severity, sort_findings
from .review import Review
from .rules import consistency, cost, framework, structure, wording

FILING_RULES = [*structure.RULES, *framework.RULES, *cost.RULES, *consistency.RULES]
ROW_RULES = [*wording.RULES, *cost.ROW_RULES]


class Checker:
    """Validates filings; caches settings per district and framework trees per framework."""

    def __init__(self, settings=None):
        self._fixed_settings = settings
        self._settings = {}
        self._trees = {}

    def settings_for(self, filing):
        if self._fixed_settings is not None:
            return self._fixed_settings
        district_id = filing.department.district_id
        if district_id not in self._settings:
            self._settings[district_id] = settings_for_district(district_id)
        return self._settings[district_id]

    def tree_for(self, filing):
        if filing.framework_id not in self._trees:
            self._trees[filing.framework_id] = list(
                Level2.objects.filter(level1__framework_id=filing.framework_id)
                .select_related("level1").order_by("level1__order", "order")
            )
        return self._trees[filing.framework_id]

    def review(self, packet):
        return Review(packet, self.settings_for(packet.filing), self.tree_for(packet.filing))

    def check_packet(self, packet):
        review = self.review(packet)
        return finish(review, run_rules(review))

    def check_filing(self, filing):
        return self.check_packet(load_packet(filing))


def run_rules(review):
    for rule in FILING_RULES:
        yield from rule(review)
    for row in review.rows:
        for rule in ROW_RULES:
            yield from rule(review, row)


def finish(review, findings):
    """Drop what the district switched off (severities were set when each finding was made)."""
    return sort_findings(f for f in findings if f.severity != Severity.OFF)


def validate_filing(filing, *, settings=None):
    """All findings for a filing (a Filing or its pk), errors first."""
    return Checker(settings).check_filing(filing)


def validate_packet(packet, *, settings=None):
    """Like validate_filing, for a packet the caller has already loaded (e.g. the filing page)."""
    return Checker(settings).check_packet(packet)


def validate_attachment(filing, attachment, *, sheet=None, settings=None):
    """The findings located on one part: 「附件1」, 「附件2」, or 「附件3」 with sheet (a ProjectSheet or pk).

    Cross-form rules run in full, so a 附件3 amount that disagrees with 附件2 shows on both screens'
    own terms; only findings located on the requested part are returned.
    """
    if attachment not in (ATT1, ATT2, ATT3, FILING):
        raise ValueError(f"未知的表：{attachment}")
    sheet_id = getattr(sheet, "pk", sheet)
    return [f for f in validate_filing(filing, settings=settings)
            if f.location.attachment == attachment and (sheet_id is None or f.location.sheet_id == sheet_id)]


def validate_line(line, *, settings=None):
    """Findings on one 附件2 row (SpendingLine)."""
    return [f for f in validate_filing(line.filing_id, settings=settings)
            if f.location.attachment == ATT2 and f.location.line_id == line.pk]


def validate_indicator(indicator, *, packet=None, settings=None):
    """Findings on one indicator row, which may be unsaved (an entry screen checking a row as typed).

    The row is checked in its table's context (the sheet's 项目金额, the other rows' counts), using
    the saved filing for everything else.
    """
    checker = Checker(settings)
    packet = packet or load_packet(indicator.filing_id)
    review = checker.review(packet)
    table = next(t for t in review.tables
                 if (t.sheet.pk if t.sheet is not None else None) == indicator.sheet_id)
    row = review.make_row(table, indicator)
    # Replace the saved version of this row so neighbours see what is being typed.
    table.rows = [row if (r.ind.pk is not None and r.ind.pk == indicator.pk) else r for r in table.rows]
    if row not in table.rows:
        table.rows.append(row)
    findings = (f for rule in ROW_RULES for f in rule(review, row))
    return finish(review, findings)
