"""The district-year dashboard (区财政局 and 管理员): every unit of the district for one year, each of
its forms with status, amount, rounds returned, days at each review stage, latest grade, findings
and last event — and the units that have filed nothing yet.

A draft is the unit's own work (budgets.lifecycle.STATES): the bureau sees that it exists and how far
it is (its kept progress, budgets.entry.status), never its content, so a draft row shows no amount,
no findings and no grade.

Everything is read in a fixed number of queries however many units and filings the district has
(tests/approvals/test_queue_queries.py checks 30 against 300).
"""

from collections import Counter, namedtuple
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from budgets import lifecycle
from budgets.entry import status as entry_status
from budgets.models import AuditEntry, Department, Filing
from budgets.models.workflow import chain_of
from budgets.packet import FILING_RELATED
from budgets.validation import Checker
from indicators.models import FormLayout, Framework

from .models import Review, Revision

Status = lifecycle.Status
GRADE_LABELS = dict(lifecycle.GRADES)
RoundRow = namedtuple("RoundRow", ["created_at", "error_count", "warning_count"])
DecisionRow = namedtuple("DecisionRow", ["pk", "stage", "action", "grade", "return_mode", "created_at", "undone_at"])
Event = namedtuple("Event", ["action_display", "actor_name", "created"])
# money_places: an amount prints with the decimals it was typed with (budgets.models.money).
ROW_FIELDS = ("id", "department_id", "year", "version", "form_no", "kind", "status", "origin", "total_amount",
              "money_places", "money_unit", "revision", "stage")
NOT_FILED = "未填报"
IMPORTED = "历史导入"


@dataclass
class Row:
    department: Department
    filing: Filing | None = None
    progress: tuple | None = None  # (steps complete, steps) of a draft
    rounds: int = 0  # times submitted
    returns: int = 0  # times returned for revision (decisions taken back not counted)
    stage_days: list = field(default_factory=list)  # days at each stage of the chain, in order
    grade: str = ""
    errors: int | None = None
    warnings: int | None = None
    last_event: Event | None = None

    @property
    def is_draft(self):
        return self.filing is not None and self.filing.status == Status.DRAFT and not self.filing.is_imported

    @property
    def status_label(self):
        if self.filing is None:
            return NOT_FILED
        if self.filing.is_imported:
            return IMPORTED
        return self.filing.get_status_display()

    @property
    def status_code(self):
        if self.filing is None:
            return "none"
        return "imported" if self.filing.is_imported else self.filing.status

    @property
    def form_label(self):
        if self.filing is None:
            return ""
        label = f"项目表{self.filing.form_no}" if self.filing.is_project else "部门整体"
        return label + (f" 第{self.filing.version}版" if self.filing.version > 1 else "")

    @property
    def amount(self):
        """The filed amount, or None for a draft (its content) and for nothing filed."""
        if self.filing is None or self.is_draft:
            return None
        return self.filing.total_amount


@dataclass
class Dashboard:
    district_id: int
    year: int
    chain: list
    rows: list
    now: object

    @property
    def units(self):
        return len({r.department.pk for r in self.rows})

    @cached_property
    def _counts(self):
        return Counter(r.status_code for r in self.rows)

    def count(self, code):
        return self._counts[code]

    def status_counts(self):
        labels = [("none", NOT_FILED), (Status.DRAFT, Status.DRAFT.label), (Status.SUBMITTED, Status.SUBMITTED.label),
                  (Status.RETURNED, Status.RETURNED.label), (Status.APPROVED, Status.APPROVED.label),
                  (Status.REJECTED, Status.REJECTED.label), ("imported", IMPORTED)]
        return [(code, label, self.count(code)) for code, label in labels if self.count(code)]

    @property
    def total_amount(self):
        """Amounts in 万元 only: a form filed in 元 (some imported ones) is not added to them."""
        return sum((r.amount for r in self.rows if r.amount is not None and r.filing.money_unit == "万元"),
                   Decimal(0))

    @property
    def other_units(self):
        return sorted({r.filing.money_unit for r in self.rows if r.amount is not None and r.filing.money_unit != "万元"})

    @property
    def total_returns(self):
        return sum(r.returns for r in self.rows)

    @property
    def total_errors(self):
        return sum(r.errors or 0 for r in self.rows)

    @property
    def total_warnings(self):
        return sum(r.warnings or 0 for r in self.rows)

    @property
    def total_stage_days(self):
        return [round(sum(r.stage_days[i] for r in self.rows if r.stage_days), 1) for i in range(len(self.chain))]


def stage_days(chain_length, status, revisions, reviews, withdrawals, now):
    """Days the filing spent at each stage of the chain, over all its rounds.

    A round starts at a 送审 (a Revision) at stage 1 — or, after a 打回 return, at the stage that
    returned it, as approvals.services.submit does — and moves on with each stage's decision (a
    Review). A decision later taken back (取消审核) never happened for this count: the filing was
    back at that stage all along. A 撤回 (from the audit log) ends the round. While the filing is
    已送审 its current stage counts up to `now`.
    """
    events = ([(r.created_at, 0, "submit", r) for r in revisions]
              + [(r.created_at, 1, "review", r) for r in reviews if r.undone_at is None]
              + [(t, 2, "withdraw", None) for t in withdrawals])
    spent = [timedelta(0)] * chain_length
    current, start, back_to, returned = None, None, None, False

    def add(stage, until):
        if stage is not None and start is not None and 0 < stage <= chain_length:
            spent[stage - 1] += until - start

    for when, _, kind, obj in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == "submit":
            current, start, back_to = back_to or 1, when, None
        elif kind == "review":
            add(obj.stage, when)
            if obj.action == Review.Action.APPROVE and obj.stage < chain_length:
                current, start = obj.stage + 1, when
            else:
                current, start = None, None
            if obj.action == Review.Action.RETURN:
                returned = True
                back_to = obj.stage if obj.return_mode == lifecycle.RETURN_DIRECT else None
        else:
            add(current, when)
            back_to = current if returned and current and current > 1 else None
            current, start = None, None
    if status == Status.SUBMITTED:
        add(current, now)
    return [round(d.total_seconds() / 86400, 1) for d in spent]


def _progress(pks):
    """{pk: (steps complete, steps)} of the drafts, read as load_filing() reads a filing
    (budgets.entry.status wants its relations), except that the few frameworks and layouts they
    share are read once rather than once per draft (a layout carries its whole form spec)."""
    if not pks:
        return {}
    drafts = list(Filing.objects.filter(pk__in=pks).select_related(
        *(r for r in FILING_RELATED if r not in ("framework", "layout"))))
    frameworks = Framework.objects.in_bulk({f.framework_id for f in drafts})
    layouts = FormLayout.objects.in_bulk({f.layout_id for f in drafts})
    for f in drafts:
        f.framework, f.layout = frameworks[f.framework_id], layouts[f.layout_id]
    return entry_status.progress_of(Checker(), drafts)


def district_year(district_id, year, *, now=None):
    """The dashboard of one district-year: a row per unit and form (the latest version of each),
    one row for a unit with nothing filed; units in the district's order."""
    now = now or timezone.now()
    chain = chain_of(district_id)
    departments = list(Department.objects.filter(district_id=district_id).exclude(kind=Department.Kind.FINANCE)
                       .filter(Q(is_active=True) | Q(filings__year=year)).distinct().order_by("order", "code")
                       .only("id", "name", "order", "code"))
    last_audit = AuditEntry.objects.filter(filing=OuterRef("pk")).order_by("-created", "-id").values("id")[:1]
    # Only the columns the rows show: 300 filings read whole (every amount, text and relation) cost
    # more than the rest of the page.
    filings = list(Filing.objects.filter(department__district_id=district_id, year=year).latest()
                   .only(*ROW_FIELDS).annotate(last_audit_id=Subquery(last_audit))
                   .order_by("department__order", "department__code", "form_no", "-version"))
    ids = [f.pk for f in filings]
    # Rounds, decisions and events as plain tuples: hundreds of model instances cost more than the queries.
    revisions, reviews, withdrawals = {}, {}, {}
    for filing_id, *values in Revision.objects.filter(filing__in=ids).order_by("number").values_list(
            "filing_id", *RoundRow._fields):
        revisions.setdefault(filing_id, []).append(RoundRow(*values))
    for filing_id, *values in Review.objects.filter(filing__in=ids).values_list("filing_id", *DecisionRow._fields):
        reviews.setdefault(filing_id, []).append(DecisionRow(*values))
    for filing_id, created in AuditEntry.objects.filter(filing__in=ids, action="filing.withdrawn").values_list(
            "filing_id", "created"):
        withdrawals.setdefault(filing_id, []).append(created)
    events = {pk: Event(AuditEntry.ACTIONS.get(action, action), actor_name, created)
              for pk, action, actor_name, created in AuditEntry.objects.filter(
                  pk__in=[f.last_audit_id for f in filings if f.last_audit_id]).values_list(
                  "id", "action", "actor_name", "created")}
    progress = _progress([f.pk for f in filings if f.status == Status.DRAFT and not f.is_imported])

    by_department = {}
    for f in filings:
        by_department.setdefault(f.department_id, []).append(f)
    rows = []
    for department in departments:
        for f in by_department.get(department.pk, [None]):
            row = Row(department=department, filing=f)
            rows.append(row)
            if f is None:
                continue
            row.last_event = events.get(f.last_audit_id)
            if row.is_draft:
                row.progress = progress.get(f.pk)
                continue
            rounds, decisions = revisions.get(f.pk, []), reviews.get(f.pk, [])
            live = [d for d in decisions if d.undone_at is None]
            row.rounds = len(rounds)
            row.returns = sum(1 for d in live if d.action == Review.Action.RETURN)
            row.grade = GRADE_LABELS.get(max(live, key=lambda d: (d.created_at, d.pk)).grade, "") if live else ""
            if rounds:
                row.errors, row.warnings = rounds[-1].error_count, rounds[-1].warning_count
                row.stage_days = stage_days(len(chain), f.status, rounds, decisions, withdrawals.get(f.pk, []), now)
    return Dashboard(district_id=district_id, year=year, chain=chain, rows=rows, now=now)


def years_of(district_id):
    """(years to choose from, newest first; the default): the years the district has filings for
    and the current one; by default the newest year with filings."""
    filed = set(Filing.objects.filter(department__district_id=district_id).order_by().values_list("year", flat=True)
                .distinct())
    this_year = timezone.localdate().year
    return sorted(filed | {this_year}, reverse=True), max(filed, default=this_year)
