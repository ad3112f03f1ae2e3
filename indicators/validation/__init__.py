"""The validation engine (issue 3): the reviewer's rules 1–13 of domain.md §7 as code.

Pure functions over plain data (engine.check / engine.check_row); budgets.validation reads a
filing and the district's settings and calls them. Finding.to_dict() is JSON-ready.
"""

from .catalog import RULES, rule_title
from .engine import check, check_row
from .findings import Finding, Location, Severity, sort_findings

__all__ = ["RULES", "Finding", "Location", "Severity", "check", "check_row", "rule_title", "sort_findings"]
