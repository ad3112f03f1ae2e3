"""Validation of a district's filings: reads them, their district's settings and framework, then runs
the rule engine (indicators.validation, plain functions over plain data).

Reads through budgets.packet.load_packet (a fixed number of queries) plus, per district and per
framework, one settings lookup and one framework tree; a Checker reuses both across many filings.

    validate_filing(filing) -> list[Finding]     whole filing, errors first
    validate_packet(packet)                       same, for an already loaded FilingPacket
    validate_attachment(filing, "附件1" | "附件2" | "附件3", sheet=…)
    validate_sub_item(sub_item)                   one 附件2 row
    validate_indicator(indicator)                 one indicator row, saved or as typed
    findings_for(packet)                          the findings panel's context
"""

from indicators.models import Level2
from indicators.validation.config import DEFAULTS, RuleSettings
from indicators.validation.engine import check, check_row
from indicators.validation.findings import ATT1, ATT2, ATT3, FILING
from indicators.validation.panel import panel_context

from .models import ValidationSettings
from .packet import load_packet


def settings_for_district(district_id):
    """Two queries at most; the defaults when the district has no settings row."""
    row = (
        ValidationSettings.objects.filter(district_id=district_id).prefetch_related("overrides").first()
        if district_id is not None
        else None
    )
    return RuleSettings.from_model(row) if row is not None else DEFAULTS


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
            self.read_trees([filing])
        return self._trees[filing.framework_id]

    def read_trees(self, filings):
        """Read the trees of the filings' frameworks not read yet, all in one query."""
        missing = {f.framework_id for f in filings} - self._trees.keys()
        if not missing:
            return
        for framework_id in missing:
            self._trees[framework_id] = []
        for l2 in (Level2.objects.filter(level1__framework_id__in=missing)
                   .select_related("level1").order_by("level1__order", "order")):
            self._trees[l2.level1.framework_id].append(l2)

    def check_packet(self, packet):
        return check(packet, self.settings_for(packet.filing), self.tree_for(packet.filing))

    def check_filing(self, filing):
        return self.check_packet(load_packet(filing))


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


def validate_sub_item(sub_item, *, settings=None):
    """Findings on one 附件2 row (SubItem)."""
    return [f for f in validate_filing(sub_item.filing_id, settings=settings)
            if f.location.attachment == ATT2 and f.location.line_id == sub_item.pk]


def validate_indicator(indicator, *, packet=None, settings=None):
    """Findings on one indicator row, which may be unsaved (checked as typed, in its table's context)."""
    checker = Checker(settings)
    packet = packet or load_packet(indicator.filing_id)
    return check_row(packet, checker.settings_for(packet.filing), checker.tree_for(packet.filing), indicator)


def findings_for(packet):
    """The findings panel's context for a loaded filing (budgets.packet.load_packet)."""
    return panel_context(packet.filing, validate_packet(packet))
