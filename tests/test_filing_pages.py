"""The filing list and the filing page, as each member of the cast sees them."""

import re
from decimal import Decimal

from django.urls import reverse

from budgets.models import Indicator, ProjectFunding, ProjectSheet
from budgets.services.packets import create_filing_from_packet


def login(client, user):
    client.force_login(user)
    return client


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


def test_login_page_speaks_chinese(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert "用户登录" in html and "用户名" in html and "密码" in html
    assert 'lang="zh-CN"' in html


def test_login_with_a_wrong_password_says_so_in_chinese(client, clerk_a):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_clerk_sees_their_filing_in_the_list(client, clerk_a, seed_filing):
    html = login(client, clerk_a).get(reverse("home")).content.decode()
    assert "石峰区井龙街道办事处" in html and "1482.9" in html and "草稿" in html


def test_other_department_does_not_see_the_filing_in_the_list(client, clerk_b, seed_filing):
    html = login(client, clerk_b).get(reverse("home")).content.decode()
    assert "井龙" not in html
    assert "暂无可查看的申报" in html


def test_filing_page_shows_all_three_attachments(client, clerk_a, seed_filing):
    response = login(client, clerk_a).get(reverse("filing_detail", args=[seed_filing.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["2021年部门整体支出绩效目标表", "2021年专项资金预算绩效目标汇总表", "2021年专项资金支出方向绩效目标表",
                 "填报单位：（盖章）", "金额单位：万元", "1482.9", "1020.69", "669.9", "全年12个月，每月55.83万元",
                 "社区网格员工资、保险福利等人员经费", "合  计"]:
        assert text in html, text
    assert html.count('id="att3-') == 5


def test_filing_page_is_not_found_for_another_department(client, clerk_b, seed_filing):
    response = login(client, clerk_b).get(reverse("filing_detail", args=[seed_filing.pk]))
    assert response.status_code == 404


def test_filing_page_for_a_missing_filing_is_a_404_not_a_500(client, clerk_a, db):
    assert login(client, clerk_a).get("/filings/999999/").status_code == 404


def test_assets_are_served_locally_never_from_a_cdn(client, clerk_a, seed_filing):
    html = login(client, clerk_a).get(reverse("filing_detail", args=[seed_filing.pk])).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def _page(client, user, filing):
    return login(client, user).get(reverse("filing_detail", args=[filing.pk])).content.decode()


def _between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def test_filing_page_shows_implementation_period_indicators_in_their_own_block_before_annual(
        client, clerk_a, seed_filing):
    row = Indicator.objects.filter(filing=seed_filing, sheet__isnull=True, name="辖区内居民").get()
    Indicator.objects.filter(pk=row.pk).update(period=Indicator.Period.IMPLEMENTATION)
    att1 = _between(_page(client, clerk_a, seed_filing), 'id="att1"', 'id="att2"')
    assert att1.index("实施期绩效指标") < att1.index("年度绩效指标")
    implementation = _between(att1, 'data-testid="indicators-implementation"', "</table>")
    assert "辖区内居民" in implementation and "年度绩效指标" not in implementation
    assert "辖区内居民" not in _between(att1, 'data-testid="indicators-annual"', "</table>")


def test_seed_page_shows_no_implementation_block_and_no_split_columns(client, clerk_a, seed_filing):
    html = _page(client, clerk_a, seed_filing)
    assert "实施期绩效指标" not in html
    assert "<th>指标性质</th>" not in html and "<th>计量单位</th>" not in html
    assert html.count("年度绩效指标</th>") == 6  # 附件1 and five 附件3, each its own block title


def mof101_filing_with_funding(jinglong):

    def ind(level1, level2, name, value, period="annual", **parts):
        return {"level1": level1, "level2": level2, "name": name, "value_text": value, "period": period, **parts}

    filing = create_filing_from_packet({
        "year": 2024, "framework": "mof-101", "department_name": "石峰区井龙街道办事处",
        "total_amount": "300", "income_general": "300", "expense_basic": "100", "expense_project": "200",
        "duties": "负责辖区社会治理。", "overall_goal": "完成基层干部轮训。",
        "key_tasks": [{"item": "干部轮训", "responsible": "党建办", "goal": "全年轮训", "amount": "40"}],
        "indicators": [ind("产出指标", "数量指标", "年度培训人次", "≥1000人次", operator="≥",
                           value_number="1000", unit="人次")],
        "sub_items": [{
            "seq": "一", "name": "基层干部培训", "amount": "120",
            "sheet": {"order": 1, "name": "基层干部培训项目", "fund_text": "党建专项", "amount": "120",
                      "period_text": "2024.1.1-2026.12.31", "indicators": [
                          ind("成本指标", "经济成本指标", "设备购置成本", "≤120万元", "implementation",
                              operator="≤", value_number="120", unit="万元"),
                          ind("产出指标", "数量指标", "考核合格率", "≥95%", operator="≥", value_number="95", unit="%"),
                      ]},
        }],
    }, department=jinglong)
    sheet = ProjectSheet.objects.get(sub_item__filing=filing)
    Indicator.objects.filter(filing=filing, name="年度培训人次").update(weight=Decimal("30.00"))
    ProjectFunding.objects.create(sheet=sheet, source="general", amount="100")
    ProjectFunding.objects.create(sheet=sheet, source="other", amount="20.500000")
    return filing


def test_a_101_filing_page_shows_split_columns_funding_and_both_period_blocks(client, clerk_a, frameworks, jinglong):
    html = _page(client, clerk_a, mof101_filing_with_funding(jinglong))
    assert "<th>指标性质</th><th>指标值</th><th>计量单位</th><th>权重</th><th>指标解释</th><th>评(扣)分标准</th>" in html
    # The structured parts in their own cells: 1000 under 指标值, 人次 under 计量单位, 权重 30 (not 30.00).
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _between(html, "年度培训人次</td>", "</tr>"), re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells[:4]] == ["≥", "1000", "人次", "30"]
    sheet = _between(html, 'id="att3-1"', "</section>")
    assert ('data-testid="funding">一般公共预算拨款：<span class="money">100</span>；'
            '其他资金：<span class="money">20.5</span><') in sheet
    assert sheet.index("资金构成") < sheet.index("实施期绩效目标") < sheet.index("实施期绩效指标") < sheet.index("年度绩效指标")
    att1 = _between(html, 'id="att1"', 'id="att2"')
    # 附件1 in reading order: 部门职责概述, 年度重点工作计划 (with 预算金额), 年度总体目标, indicators.
    assert att1.index("部门职责概述") < att1.index("年度重点工作计划") < att1.index("年度总体目标") < att1.index("年度绩效指标")
    assert "<th>预算金额</th>" in att1
