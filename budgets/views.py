from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from indicators.validation.panel import findings_for

from .access import filings_visible_to, get_filing_for_user
from .packet import load_packet
from .reading import read_filing


@login_required
def home(request):
    filings = filings_visible_to(request.user).order_by("-year", "department__order", "-version")
    year = request.GET.get("year", "")
    if year.isdigit():
        filings = filings.filter(year=int(year))
    years = filings_visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "budgets/home.html", {"filings": filings, "years": years, "year": year})


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
