"""The district-year dashboard page and its xlsx download (approvals.dashboard reads the data)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from budgets import lifecycle
from budgets.access import membership_of
from budgets.forms import YearFilter
from budgets.models import District
from budgets.models.money import format_money
from budgets.views import private_no_store

from . import dashboard, dashboard_export
from .queue_views import pk_url
from .templatetags.workflow import status_color

NOT_ALLOWED = "审核进度总览只对区财政局的审核人和管理员开放。"


def district_of(request):
    """The district whose dashboard the user may see: their own (审核人, 管理员); a superuser
    without a membership picks one (?district=), the first by default."""
    membership = membership_of(request.user)
    if membership is not None and lifecycle.role_in_district(membership) is not None:
        return membership.department.district
    if request.user.is_superuser:
        districts = District.objects.order_by("code")
        try:
            chosen = districts.filter(pk=int(request.GET.get("district", ""))).first()
        except ValueError:
            chosen = None
        return chosen or districts.first()
    raise PermissionDenied(NOT_ALLOWED)


def display_rows(board):
    """Each row as the strings the page shows. Built here rather than in the template: the
    template engine's number and date formatting, 300 rows × a dozen cells, was most of the page's
    time."""
    review_url, detail_url = pk_url("filing_review"), pk_url("filing_detail")
    out = []
    for r in board.rows:
        f, event = r.filing, r.last_event
        link = ""
        if r.rounds:
            link = review_url(f.pk)
        elif f is not None and not r.is_draft:
            link = detail_url(f.pk)
        amount = ""
        if r.amount is not None:
            amount = format_money(r.amount) + ("" if f.money_unit == "万元" else f.money_unit)
        out.append({
            "name": r.department.name, "form": r.form_label, "link": link, "status": r.status_label,
            "code": r.status_code, "color": status_color(r.status_code),
            "progress": f"已完成 {r.progress[0]}/{r.progress[1]} 步" if r.progress else "",
            "amount": amount, "returns": str(r.returns) if r.rounds else "",
            "days": [str(d) for d in r.stage_days] or [""] * len(board.chain), "grade": r.grade,
            "findings": r.errors is not None, "errors": str(r.errors), "warnings": str(r.warnings),
            "event": f"{event.action_display} · {event.actor_name}" if event else "",
            "event_time": f"{timezone.localtime(event.created):%Y-%m-%d %H:%M}" if event else "",
        })
    return out


def _chosen(request, district):
    years, default = dashboard.years_of(district.pk)
    form = YearFilter(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None  # 「２０２１」 reads, 「abc」 shows the default
    return years, (year or default), form.errors.get("year")


@private_no_store
@login_required
def overview(request):
    district = district_of(request)
    if district is None:
        return render(request, "approvals/dashboard.html", {"board": None})
    years, year, year_error = _chosen(request, district)
    board = dashboard.district_year(district.pk, year)
    return render(request, "approvals/dashboard.html", {
        "district": district, "board": board, "rows": display_rows(board), "years": years, "year": year,
        "year_error": "预算年度：请输入2000到2100之间的年份。" if year_error else "",
        "superuser_districts": District.objects.order_by("code") if request.user.is_superuser else None,
    })


@private_no_store
@login_required
def overview_xlsx(request):
    district = district_of(request)
    if district is None:
        raise PermissionDenied("还没有任何区。")
    _, year, _ = _chosen(request, district)
    board = dashboard.district_year(district.pk, year)
    response = HttpResponse(dashboard_export.workbook(board), content_type=dashboard_export.XLSX_TYPE)
    name = f"{district.short_name or district.name}{year}年绩效目标审核进度.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
