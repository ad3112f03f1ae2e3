"""Anyone who may view a filing sees its findings on the filing page, grouped and errors first."""

import re
from html import unescape

from django.urls import reverse

from budgets.models import Filing

from .builders import build, packet


def page(client, user, filing):
    client.force_login(user)
    response = client.get(reverse("filing_detail", args=[filing.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def panel(html):
    start = html.index('data-testid="findings"')
    return html[start:html.index("</section>", start)]


def test_the_clerk_sees_the_seed_findings_with_their_numbers(client, clerk_a, seed_filing):
    html = panel(page(client, clerk_a, seed_filing))
    assert "审核校验结果" in html
    assert "环卫作业服务费：每月55.83万元×12=669.96万元，与项目金额669.9万元相差0.06万元" in html
    assert "网格员平均经费：6.3万元/人×24人=151.2万元，与项目金额151.17万元相差0.03万元" in html
    assert "错误 23" in html and "警告 49" in html and "提示 1" in html
    assert "有 23 个错误，须改正后才能送审" in html


def test_findings_are_grouped_by_attachment_and_sheet_in_page_order(client, clerk_a, seed_filing):
    html = panel(page(client, clerk_a, seed_filing))
    titles = re.findall(r'<span class="me-auto">([^<]+)</span>', html)
    assert titles == [
        "附件1 部门整体支出绩效目标表",
        "附件3（1）社区人员经费及运转经费",
        "附件3（2）井龙街道辖区内环卫作业费",
        "附件3（3）街道党建、城管、妇联、计生、基层武装、综治维稳等开支",
        "附件3（4）网格化管理事件处理",
        "附件3（5）社区网格员工资、保险福利等人员经费",
        "整份申报",
    ]
    # Each finding links to its part of the form on the same page.
    assert 'href="#att3-2"' in html


def test_within_each_group_errors_come_before_warnings(client, clerk_a, seed_filing):
    html = panel(page(client, clerk_a, seed_filing))
    groups = html.split('class="accordion-item"')[1:]
    assert len(groups) == 7  # the groups of the test above
    rank = {"error": 0, "warning": 1, "info": 2}
    mixed = 0
    for group in groups:
        severities = re.findall(r'data-severity="(\w+)"', group)
        assert severities == sorted(severities, key=rank.get)
        mixed += len(set(severities)) > 1
    assert mixed >= 1, "the seed has a group with both errors and warnings, so the order is tested"


def test_each_finding_shows_its_location(client, clerk_a, seed_filing):
    html = panel(page(client, clerk_a, seed_filing))
    assert "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第4行 产出成本 · 指标值" in html


def test_the_reviewer_sees_the_same_findings_once_submitted(client, reviewer, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.SUBMITTED)
    assert "相差0.06万元" in panel(page(client, reviewer, seed_filing))


def test_a_clean_filing_says_no_problems_were_found(client, clerk_a, frameworks, jinglong):
    html = panel(page(client, clerk_a, build(jinglong, packet())))
    assert "未发现问题" in html and "data-severity" not in html


def test_the_page_reads_the_filing_once_for_display_and_findings(client, clerk_a, seed_filing,
                                                                   django_assert_max_num_queries):
    client.force_login(clerk_a)
    # Session, user, membership, filing access, the packet, settings, the framework tree and the
    # workflow's panel (review chain, rounds, last decision, unread notifications): a fixed number,
    # however many indicator rows the filing has.
    with django_assert_max_num_queries(17):
        client.get(reverse("filing_detail", args=[seed_filing.pk]))
