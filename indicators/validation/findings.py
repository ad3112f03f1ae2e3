"""What a rule reports: a Finding with a stable code, a severity, a location and a Chinese message.

Findings are plain frozen data and turn into JSON with to_dict(); the entry and review screens,
the management command and the filing page all show the same objects.
"""

from dataclasses import dataclass, field, fields, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # the submitter must acknowledge it
    INFO = "info"
    OFF = "off"  # an administrator switched the rule off

    @property
    def label(self):
        return SEVERITY_LABELS[self]

    @property
    def rank(self):
        return SEVERITY_RANK[self]


SEVERITY_LABELS = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
    Severity.OFF: "关闭",
}
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.OFF: 3}

# Where a finding sits. 附件1 and 附件3 indicator rows carry the indicator; 附件2 rows the line.
FILING = "整份申报"
ATT1 = "附件1"
ATT2 = "附件2"
ATT3 = "附件3"
ATTACHMENT_ORDER = {ATT1: 0, ATT2: 1, ATT3: 2, FILING: 3}


@dataclass(frozen=True)
class Location:
    attachment: str
    sheet_id: int | None = None
    sheet_index: int | None = None  # 1-based position among the filing's 附件3, as on the page
    sheet_name: str = ""
    line_id: int | None = None
    line_name: str = ""
    indicator_id: int | None = None
    row: int | None = None  # 指标行号 within its table
    field: str = ""  # model field name, e.g. value_text, amount, total_amount
    field_label: str = ""  # the column as printed, e.g. 指标值
    label: str = ""  # the whole location in Chinese, ready to show

    def at(self, field, field_label):
        """The same place, narrowed to one field."""
        suffix = f" · {field_label}" if field_label else ""
        return replace(self, field=field, field_label=field_label, label=self.label + suffix)

    @property
    def group_key(self):
        """Findings are shown grouped by attachment and, for 附件3, by sheet."""
        return (ATTACHMENT_ORDER[self.attachment], self.sheet_index or 0)

    @property
    def sort_key(self):
        return (*self.group_key, self.row or 0)

    @property
    def anchor(self):
        """The element id of this part on the filing page (templates/budgets/filing_detail.html)."""
        if self.attachment == ATT1:
            return "att1"
        if self.attachment == ATT2:
            return "att2"
        if self.attachment == ATT3 and self.sheet_index:
            return f"att3-{self.sheet_index}"
        return ""

    def to_dict(self):
        return {
            "attachment": self.attachment,
            "sheet_id": self.sheet_id,
            "sheet_index": self.sheet_index,
            "sheet_name": self.sheet_name,
            "line_id": self.line_id,
            "line_name": self.line_name,
            "indicator_id": self.indicator_id,
            "row": self.row,
            "field": self.field,
            "field_label": self.field_label,
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(**{f: data[f] for f in LOCATION_FIELDS if f in data})


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    location: Location
    severity: Severity = Severity.WARNING
    # The numbers behind the message, as strings (Decimals stay exact in JSON).
    data: dict = field(default_factory=dict, compare=False)

    @property
    def is_error(self):
        return self.severity == Severity.ERROR

    @property
    def severity_label(self):
        return self.severity.label

    def to_dict(self):
        return {
            "code": self.code,
            "severity": str(self.severity),
            "severity_label": self.severity.label,
            "message": self.message,
            "location": self.location.to_dict(),
            "data": {k: str(v) if v is not None else None for k, v in self.data.items()},
        }

    @classmethod
    def from_dict(cls, data):
        """The finding back from to_dict(); its data's numbers come back as the strings to_dict() wrote."""
        return cls(code=data["code"], message=data["message"], location=Location.from_dict(data["location"]),
                   severity=Severity(data["severity"]), data=dict(data.get("data") or {}))


LOCATION_FIELDS = [f.name for f in fields(Location)]


def sort_findings(findings):
    """Errors first, then in the forms' reading order."""
    return sorted(findings, key=lambda f: (f.severity.rank, f.location.sort_key))
