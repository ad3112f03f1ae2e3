from .filing import Filing, KeyTask
from .org import Department, District, Membership
from .projects import ProjectFunding, ProjectSheet, SpendingLine

__all__ = [
    "Department",
    "District",
    "Filing",
    "KeyTask",
    "Membership",
    "ProjectFunding",
    "ProjectSheet",
    "SpendingLine",
]
