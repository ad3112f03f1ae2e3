"""专项资金 across a district: which departments' 附件3 sheets spend one fund in a year.

Reviewers and 管理员 see their own district's funds; each sheet is listed only where its filing is
visible to them (budgets.access), so a reviewer sees no drafts here either.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render

from .access import filings_visible_to, membership_of
from .models import ProjectSheet, SpecialFund
from .models.money import typed_sum


def funds_visible_to(user):
    qs = SpecialFund.objects.select_related("district", "department")
    if user.is_superuser:
        return qs
    m = membership_of(user)
    if m is None or not m.sees_whole_district:
        return qs.none()
    return qs.filter(district_id=m.department.district_id)


def _visible_sheets(user, fund):
    return (ProjectSheet.objects.filter(fund=fund, sub_item__filing__in=filings_visible_to(user))
            .select_related("sub_item__filing__department", "sub_item__parent")
            .order_by("sub_item__filing__department__order", "sub_item__filing__department__code",
                      "order"))


@login_required
def fund_list(request):
    funds = funds_visible_to(request.user)
    years = list(funds.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("year", "")
    chosen = int(year) if year.isascii() and year.isdecimal() and len(year) == 4 else (years[0] if years else None)
    if chosen:
        funds = funds.filter(year=chosen)
    visible = filings_visible_to(request.user)
    funds = funds.annotate(sheet_total=Count("sheets", filter=Q(sheets__sub_item__filing__in=visible)))
    return render(request, "budgets/fund_list.html", {"funds": funds, "years": years, "year": chosen})


@login_required
def fund_detail(request, pk):
    try:
        fund = funds_visible_to(request.user).get(pk=pk)
    except SpecialFund.DoesNotExist:
        raise Http404("未找到该专项资金，或您无权查看。") from None
    sheets = list(_visible_sheets(request.user, fund))
    total = typed_sum(s.amount for s in sheets)
    return render(request, "budgets/fund_detail.html", {"fund": fund, "sheets": sheets, "total": total})
