"""The validation engine (issue 3): the reviewer's rules 1–13 of domain.md §7 as code.

Public API:
    validate_filing(filing) -> list[Finding]     whole filing, errors first
    validate_packet(packet)                       same, for an already loaded FilingPacket
    validate_attachment(filing, "附件1" | "附件2" | "附件3", sheet=…)
    validate_line(spending_line)                  one 附件2 row
    validate_indicator(indicator)                 one indicator row, saved or as typed
    Checker                                       many filings, settings and frameworks cached
Finding.to_dict() is JSON-ready.
"""

from .catalog import RULES, rule_title
from .engine import (
    Checker,
    validate_attachment,
    validate_filing,
    validate_indicator,
    validate_line,
    validate_packet,
)
from .findings import Finding, Location, Severity, sort_findings

__all__ = [
    "RULES",
    "Checker",
    "Finding",
    "Location",
    "Severity",
    "rule_title",
    "sort_findings",
    "validate_attachment",
    "validate_filing",
    "validate_indicator",
    "validate_line",
    "validate_packet",
]
