from .audit import AuditEntry
from .entry import PendingInput
from .filing import Filing, KeyTask
from .funds import SpecialFund
from .imports import ImportBatch
from .indicators import Indicator
from .org import Department, District, Membership, YearDefault
from .projects import ProjectFunding, ProjectSheet, SubItem
from .settings import RuleOverride, ValidationSettings

__all__ = [
    "AuditEntry",
    "Department",
    "District",
    "Filing",
    "ImportBatch",
    "Indicator",
    "KeyTask",
    "Membership",
    "PendingInput",
    "ProjectFunding",
    "ProjectSheet",
    "RuleOverride",
    "SpecialFund",
    "SubItem",
    "ValidationSettings",
    "YearDefault",
]
