from .filing import Filing, KeyTask
from .funds import SpecialFund
from .imports import ImportBatch
from .org import Department, District, Membership
from .projects import ProjectFunding, ProjectSheet, SpendingLine

__all__ = [
    "Department",
    "District",
    "Filing",
    "ImportBatch",
    "KeyTask",
    "Membership",
    "ProjectFunding",
    "ProjectSheet",
    "SpecialFund",
    "SpendingLine",
]
