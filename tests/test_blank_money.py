"""A filing with no money filled in yet still shows, validates and prints (nothing crashes on blank amounts)."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from approvals.pdf import render_filing_pdf
from budgets.models import Filing, SpendingLine
from indicators.validation import validate_filing


def _bare_filing(jinglong, frameworks):
    filing = Filing.objects.create(department=jinglong, year=2023, framework=frameworks["hunan-2021"],
                                   department_name="井龙街道办事处")
    SpendingLine.objects.create(filing=filing, order=1, seq="一", name="尚未填金额的支出方向")
    return filing


def test_a_filing_without_amounts_opens_validates_and_prints(client, clerk_a, jinglong, frameworks):
    filing = _bare_filing(jinglong, frameworks)
    client.force_login(clerk_a)
    assert client.get(reverse("filing_detail", args=[filing.pk])).status_code == 200
    assert validate_filing(filing) is not None
    out = StringIO()
    call_command("show_filing", "jinglong", "2023", stdout=out)
    assert "尚未填金额的支出方向" in out.getvalue()
    assert render_filing_pdf(filing).startswith(b"%PDF")
