from .audit import AuditEntry
from .entry import FilingCheck, PendingInput
from .filing import Filing, KeyTask
from .form_fields import FormField
from .funds import SpecialFund
from .imports import ImportBatch
from .indicators import Indicator
from .org import Department, District, Membership, YearDefault
from .project_form import ProjectCost, ProjectForm, ProjectMoney, ProjectStage
from .projects import ProjectFunding, ProjectSheet, SubItem
from .settings import RuleOverride, ValidationSettings
from .workflow import ReviewStage

__all__ = [
    "AuditEntry",
    "Department",
    "District",
    "Filing",
    "FilingCheck",
    "FormField",
    "ImportBatch",
    "Indicator",
    "KeyTask",
    "Membership",
    "PendingInput",
    "ProjectCost",
    "ProjectForm",
    "ProjectFunding",
    "ProjectMoney",
    "ProjectSheet",
    "ProjectStage",
    "ReviewStage",
    "RuleOverride",
    "SpecialFund",
    "SubItem",
    "ValidationSettings",
    "YearDefault",
]
