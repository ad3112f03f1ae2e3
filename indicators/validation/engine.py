"""Runs the rules over a filing's contents and returns sorted findings: plain functions over plain data.

The caller (budgets.validation) reads the filing, the district's RuleSettings and the framework's
二级 tree and passes them in; nothing here touches the database, so the rules can run anywhere a
packet can be built (a linter, a test, an import preview).
"""

from .findings import Severity, sort_findings
from .review import Review
from .rules import consistency, cost, framework, structure, wording

FILING_RULES = [*structure.RULES, *framework.RULES, *cost.RULES, *consistency.RULES]
ROW_RULES = [*wording.RULES, *cost.ROW_RULES]


def run_rules(review):
    for rule in FILING_RULES:
        yield from rule(review)
    for row in review.rows:
        for rule in ROW_RULES:
            yield from rule(review, row)


def finish(review, findings):
    """Drop what the district switched off (severities were set when each finding was made)."""
    return sort_findings(f for f in findings if f.severity != Severity.OFF)


def check(packet, settings, tree):
    """Every finding of a filing's packet: its contents, the RuleSettings, its framework's 二级 rows."""
    review = Review(packet, settings, tree)
    return finish(review, run_rules(review))


def check_row(packet, settings, tree, indicator):
    """Findings on one indicator row, which may be unsaved (an entry screen checking a row as typed).

    The row is checked in its table's context (the sheet's 项目金额, the other rows' counts), using
    the packet for everything else.
    """
    review = Review(packet, settings, tree)
    table = next(t for t in review.tables
                 if (t.sheet.pk if t.sheet is not None else None) == indicator.sheet_id)
    row = review.make_row(table, indicator)
    # Replace the saved version of this row so neighbours see what is being typed.
    table.rows = [row if (r.ind.pk is not None and r.ind.pk == indicator.pk) else r for r in table.rows]
    if row not in table.rows:
        table.rows.append(row)
    findings = (f for rule in ROW_RULES for f in rule(review, row))
    return finish(review, findings)
