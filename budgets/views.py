from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import filings_visible_to, get_filing_for_user
from .forms import YearFilter
from .packet import group_indicators, lines_total, load_packet


@login_required
def home(request):
    filings = filings_visible_to(request.user).order_by("-year", "department__order", "-version")
    form = YearFilter(request.GET)
    # An unreadable year (a hand-edited address) shows every year rather than an error page.
    year = form.cleaned_data["year"] if form.is_valid() else None
    if year:
        filings = filings.filter(year=year)
    years = filings_visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "budgets/home.html", {"filings": filings, "years": years,
                                                  "year": str(year) if year else ""})


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
