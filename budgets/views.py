from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from .access import filings_visible_to, get_filing_for_user
from .packet import group_indicators, lines_total, load_packet

# Filings are one department's budget: no shared proxy or browser disk cache may keep a copy (a
# shared intranet PC's next user, or a caching proxy, would otherwise see them).
private_no_store = cache_control(private=True, no_store=True)


@private_no_store
@login_required
def home(request):
    filings = filings_visible_to(request.user).order_by("-year", "department__order", "-version")
    year = request.GET.get("year", "")
    if year.isdigit():
        filings = filings.filter(year=int(year))
    years = filings_visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "budgets/home.html", {"filings": filings, "years": years, "year": year})


@private_no_store
@login_required
def filing_detail(request, pk):
    filing = get_filing_for_user(request.user, pk)
    packet = load_packet(filing)
    sheets = [(sp, group_indicators(sp.indicators)) for sp in packet.sheets]
    return render(request, "budgets/filing_detail.html", {
        "filing": packet.filing,
        "packet": packet,
        "overall_groups": group_indicators(packet.indicators),
        "sheets": sheets,
        "lines_total": lines_total(packet),
    })
