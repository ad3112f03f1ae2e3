"""The reviewer's home (审核工作台) and everyone's notifications."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets import lifecycle
from budgets.access import filings_visible_to, membership_of
from budgets.models import Department, SpecialFund
from budgets.models.money import format_money
from budgets.models.workflow import chain_of
from budgets.views import private_no_store

from .models import Notification, Review, Revision
from .templatetags.workflow import status_color

Status = lifecycle.Status

TABS = [("pending", "待审核"), ("reviewed", "已审核"), ("returned", "已退回"), ("approved", "已批复"),
        ("rejected", "不予通过")]
AMOUNT_BANDS = [("", "全部金额", None, None), ("lt100", "100万元以下", None, Decimal(100)),
                ("100-1000", "100–1000万元", Decimal(100), Decimal(1000)), ("ge1000", "1000万元以上", Decimal(1000), None)]

QUEUE_FIELDS = ("id", "revision", "year", "department_name", "kind", "form_no", "version", "total_amount",
                "money_places", "status", "stage", "status_changed", "assignee__username")


def _tab_filter(tab, user):
    mine = Exists(Review.objects.filter(filing=OuterRef("pk"), actor=user, undone_at=None))
    return {
        "pending": Q(status=Status.SUBMITTED),
        "reviewed": Q(mine),
        "returned": Q(status=Status.RETURNED),
        "approved": Q(status=Status.APPROVED),
        "rejected": Q(status=Status.REJECTED),
    }[tab]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _days_waiting(filing, now):
    """Days since the filing reached where it is: its last 送审 or the last decision standing on it
    (a 开始审核 changes status_changed but the filing has waited all along)."""
    moments = [r.created_at for r in filing.rounds[:1]] + [d.created_at for d in filing.decisions]
    since = max(moments, default=filing.status_changed)
    return f"{(now - since).days} 天" if since else ""


def pk_url(name):
    """reverse() once for a pattern whose only argument is a filing pk (hundreds of rows)."""
    head, _, tail = reverse(name, args=[999999999]).partition("999999999")
    return lambda pk: f"{head}{pk}{tail}"


def _options(objects, label, chosen, key=lambda o: o):
    """(value, label, selected) for a filter's <select>, as strings."""
    return [(str(key(o)), label(o), key(o) == chosen) for o in objects]


@private_no_store
@login_required
def queue(request):
    membership = membership_of(request.user)
    if not request.user.is_superuser and (membership is None or lifecycle.role_in_district(membership) is None):
        raise PermissionDenied("审核工作台只对区财政局的审核人和管理员开放。")
    base = filings_visible_to(request.user).exclude(origin="imported").exclude(status=Status.DRAFT)
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(TABS) else "pending"
    filters = Q()
    year, unit, stage, fund = (_int(request.GET.get(k)) for k in ("year", "unit", "stage", "fund"))
    if year:
        filters &= Q(year=year)
    if unit:
        filters &= Q(department_id=unit)
    if stage:
        filters &= Q(stage=stage, status=Status.SUBMITTED)
    if fund:
        filters &= Q(sub_items__sheet__fund_id=fund) | Q(project_form__fund_id=fund)
    band = next((b for b in AMOUNT_BANDS if b[0] == request.GET.get("amount")), AMOUNT_BANDS[0])
    if band[2] is not None:
        filters &= Q(total_amount__gte=band[2])
    if band[3] is not None:
        filters &= Q(total_amount__lt=band[3])
    counts = base.filter(filters).aggregate(**{code: Count("pk", filter=_tab_filter(code, request.user), distinct=True)
                                               for code, _ in TABS})
    latest = Revision.objects.only("id", "filing_id", "number", "error_count", "warning_count", "created_at")
    decisions = Review.objects.filter(undone_at=None).only("id", "filing_id", "created_at")
    filings = (base.filter(filters).filter(_tab_filter(tab, request.user)).distinct()
               # Only the columns a row shows (DISTINCT over every text column of 300 filings is slow).
               .select_related(None).select_related("assignee").only(*QUEUE_FIELDS)
               .order_by("status_changed", "pk")
               .prefetch_related(Prefetch("revisions", queryset=latest.order_by("-number"), to_attr="rounds"),
                                 Prefetch("reviews", queryset=decisions, to_attr="decisions")))
    district = membership.department.district_id if membership else None
    chain = chain_of(district) if district else []
    now = timezone.now()
    review_url = pk_url("filing_review")
    # Rows and options as the strings the page shows: the template engine's number formatting of
    # every id, year and count (hundreds of rows, a select of every unit) was most of the page's time.
    rows = []
    for f in filings[:500]:
        last = f.rounds[0] if f.rounds else None
        rows.append({
            "pk": str(f.pk), "seen": str(f.revision), "year": str(f.year), "url": review_url(f.pk),
            "name": f.department_name,
            "form": ("项目表" + str(f.form_no) if f.is_project else "部门整体") + (f" 第{f.version}版" if f.version > 1 else ""),
            "amount": format_money(f.total_amount), "status": f.get_status_display(), "color": status_color(f.status),
            "stage_name": chain[f.stage - 1] if 0 < f.stage <= len(chain) else "",
            "assignee": f.assignee.get_username() if f.assignee else "", "rounds": str(len(f.rounds)),
            "findings": last is not None, "errors": str(last.error_count) if last else "",
            "has_errors": bool(last and last.error_count), "warnings": str(last.warning_count) if last else "",
            "days": _days_waiting(f, now),
        })
    depts = Department.objects.filter(district_id=district).exclude(kind="finance") if district else []
    funds = SpecialFund.objects.filter(district_id=district).order_by("-year", "name") if district else []
    years = base.order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "approvals/queue.html", {
        "tabs": [(code, label, counts[code]) for code, label in TABS], "tab": tab, "rows": rows,
        "years": _options(years, lambda y: f"{y}年", year), "depts": _options(depts, str, unit, key=lambda d: d.pk),
        "funds": _options(funds, str, fund, key=lambda f: f.pk), "chain": list(enumerate(chain, 1)), "bands": AMOUNT_BANDS,
        "q": {"year": year, "unit": unit, "stage": stage, "fund": fund, "amount": band[0]},
        # Batch actions (approvals.batch) on what waits for review, for the bureau's 审核人.
        "can_batch": tab == "pending" and bool(membership and membership.is_reviewer),
    })


@private_no_store
@login_required
def notifications(request):
    items = list(Notification.objects.filter(user=request.user).select_related("filing")[:200])
    return render(request, "approvals/notifications.html", {"items": items})


@private_no_store
@login_required
def notification_open(request, pk):
    """Follow a notification: it counts as read from then on (as a mail opened does)."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    safe = note.url.startswith("/") and not note.url.startswith("//")
    return redirect(note.url if safe else "notifications")


@private_no_store
@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at=None).update(read_at=timezone.now())
    return redirect("notifications")

