from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control

from budgets.validation import findings_for

from .access import filings_visible_to, get_filing_for_user, membership_of
from .forms import YearFilter
from .packet import load_packet
from .reading import read_filing

# Filings are one department's budget: no shared proxy or browser disk cache may keep a copy (a
# shared intranet PC's next user, or a caching proxy, would otherwise see them).
private_no_store = cache_control(private=True, no_store=True)


@private_no_store
@login_required
def home(request):
    membership = membership_of(request.user)
    if membership is not None and membership.role == membership.Role.FILER:
        from .entry.views import my_filings  # 我的填报: the 填报人's own screen

        return my_filings(request)
    if membership is not None and membership.is_reviewer and "all" not in request.GET:
        return redirect("review_queue")  # the reviewer's home is the 审核工作台 (approvals)
    filings = filings_visible_to(request.user).order_by("-year", "department__order", "-version")
    form = YearFilter(request.GET)
    # An unreadable year (a hand-edited address) shows every year rather than an error page.
    year = form.cleaned_data["year"] if form.is_valid() else None
    if year:
        filings = filings.filter(year=year)
    years = filings_visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "budgets/home.html", {"filings": filings, "years": years,
                                                  "year": str(year) if year else ""})


@private_no_store
@login_required
def filing_detail(request, pk):
    filing = get_filing_for_user(request.user, pk)
    # Read once: the same packet feeds the blocks shown and the findings panel.
    packet = load_packet(filing)
    return render(request, "budgets/filing_detail.html", {
        "filing": packet.filing,
        "reading": read_filing(packet.filing, packet),
        "panel": findings_for(packet),
    })
