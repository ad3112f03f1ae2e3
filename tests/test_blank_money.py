"""A filing with no money filled in yet still shows, validates and prints (nothing crashes on blank amounts)."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from approvals.pdf import render_filing_pdf
from budgets.models import Filing, SubItem
from budgets.validation import validate_filing


def _bare_filing(jinglong, frameworks):
    filing = Filing.objects.create(department=jinglong, year=2023, framework=frameworks["hunan-2021"],
                                   department_name="井龙街道办事处")
    SubItem.objects.create(filing=filing, order=1, seq="一", name="尚未填金额的支出方向")
    return filing


def test_a_filing_without_amounts_opens_validates_and_prints(client, clerk_a, jinglong, frameworks):
    filing = _bare_filing(jinglong, frameworks)
    client.force_login(clerk_a)
    page = client.get(reverse("filing_detail", args=[filing.pk]))
    assert page.status_code == 200
    # Blank amounts are reported as not filled in, never as sums that disagree (blank is not 0 typed).
    assert [(f.code, f.message) for f in validate_filing(filing)] == [
        ("R01_HEADER_MISSING", "附件1未填写年度预算申请金额（资金总额及其按收入性质、支出性质的分项）"),
        ("R05_LEVEL1_MISSING", "附件1缺少一级指标「产出指标」：至少填写一个有指标值的三级指标"),
        ("R05_LEVEL1_MISSING", "附件1缺少一级指标「效益指标」：至少填写一个有指标值的三级指标"),
    ]
    assert "附件1未填写年度预算申请金额" in page.content.decode()
    out = StringIO()
    call_command("show_filing", "jinglong", "2023", stdout=out)
    assert "尚未填金额的支出方向" in out.getvalue()
    assert render_filing_pdf(filing).startswith(b"%PDF")
