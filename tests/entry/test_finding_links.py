"""Every link on 检查 lands on its field: for the seed filing, and for filings broken every way a rule of
indicators/validation/catalog.py can see on a 部门整体 packet or a 项目支出 form, each link's target page
holds an element with the link's anchor as its id."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from budgets.models import Filing, Indicator, ProjectCost, ProjectForm, ProjectMoney
from indicators.models import FormLayout, Framework
from indicators.validation.catalog import RULES
from tests.validation.builders import build, packet, sheet_rows
from tests.validation.test_layout_rules import split

from .helpers import read_page


def links_of(client, filing):
    """[(code, path, anchor)] of the findings 检查 lists (a filing ready to 送审 lists its warnings in the
    送审 panel, each beside its box to tick)."""
    html = client.get(reverse("entry:step_check", args=[filing.pk])).content.decode()
    found = []
    for item in re.split('<li class="(?:list-group-item|form-check")', html)[1:]:
        code = item.split('data-code="', 1)[1].split('"', 1)[0]
        href = item.split('<a class="small" href="', 1)[1].split('"', 1)[0]
        parts = urlsplit(href)
        found.append((code, parts.path, parts.fragment))
    return found


def walk(client, filing):
    """Open each link's page once and look for each anchor there; returns the codes seen."""
    links = links_of(client, filing)
    assert links, "no findings listed"
    pages = {}
    for code, path, anchor in links:
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, (code, path)
            pages[path] = read_page(response.content.decode()).ids
        assert anchor in pages[path], (code, path, anchor)
    return {code for code, _, _ in links}


def broken_packet():
    """The clean packet of tests/validation/builders.py broken on every row and total it has."""
    data = packet(income_other="10", expense_project="210")
    att1, s0, s1 = data["indicators"], sheet_rows(data, 0), sheet_rows(data, 1)
    for row in att1:
        if row["level1"] == "产出指标":
            row["name"], row["value_text"] = "", ""  # 缺少一级指标 on 附件1
    att1 += [
        {"level1": "效益指标", "level2": "社会效益", "name": "居民生活质量逐年提升", "value_text": "稳定增长"},
        {"level1": "效益指标", "level2": "社会效益", "name": "环境", "value_text": "居民生活环境舒适"},
        {"level1": "效益指标", "level2": "社会效益", "name": "美化环境，合理解决矛盾", "value_text": "≥97%"},
        {"level1": "产出指标", "level2": "产出成本", "name": "基本支出", "value_text": "100"},
        {"level1": "并不存在的一级", "level2": "并不存在的二级", "name": "对不上的指标", "value_text": "=1个"},
        {"level1": "效益指标", "level2": "社会效益", "name": "服务社区数", "value_text": "=3"},
        {"level1": "效益指标", "level2": "社会效益", "name": "受益人次", "value_text": "≥123456789012345人次"},
    ]
    sheet0 = data["sub_items"][0]["sheet"]
    sheet0.update(name="井龙街道辖区内环卫作业费", fund_text="", amount="119.5")
    s0[0]["value_text"] = "28条道路，53.91万平方，"
    s0[1]["value_text"] = "98%"
    s0[2]["value_text"] = "2021年底"
    s0[3]["value_text"] = "全年12个月，每月10.01万元"
    s0[5]["value_text"] = "≥75%"
    sheet1 = data["sub_items"][1]["sheet"]
    sheet1["period_text"] = "全年"
    sheet1["indicators"] = [r for r in s1 if r["level2"] != "产出时效"]
    s1 = sheet1["indicators"]
    s1[1]["value_text"] = "≥120%"
    s1[2]["value_text"] = "=4.1万元/人"
    s1[3]["value_text"] = ""
    s1.append({"level1": "产出指标", "level2": "产出数量", "name": "", "value_text": "=5个"})
    s1.append({"level1": "产出指标", "level2": "产出数量", "name": "社区网格员经费", "value_text": "=20人"})
    data["sub_items"][1]["children"][1]["amount"] = "25"
    data["sub_items"].append({"seq": "三", "name": "没有附件3的支出", "amount": "5"})
    return data


def copied_values_and_cost_sum():
    data = packet()
    for rows in (data["indicators"], sheet_rows(data, 0), sheet_rows(data, 1)):
        rows[-1]["value_text"] = "≥90%"
    sheet_rows(data, 1)[3]["value_text"] = "=70万元"
    return data


def split_layout_weights_and_units():
    data = split(packet())
    data["indicators"][0]["weight"] = "10"
    data["indicators"][1].update(value_text="95%", unit="")
    rows = sheet_rows(data, 0)
    # A block of 实施期 rows too, without 满意度 and weights adding up to 80: the links go to that block.
    data["sub_items"][0]["sheet"]["indicators"] = [dict(r, period="implementation", weight="10")
                                                   for r in rows[:-1] if r["level2"] != "产出数量"] + rows
    return data


def value_types():
    data = packet(layout="hunan-2023")
    data["indicators"][0].update(value_text="按计划完成", value_type="定量", unit="")
    data["indicators"][1].update(value_text="≥95%", value_type="定性", unit="")
    return data


@pytest.fixture
def broken(frameworks, jinglong):
    filings = [build(jinglong, broken_packet())]
    Filing.objects.filter(pk=filings[0].pk).update(department_name=" ")
    other = Framework.objects.get(code="mof-88").level1s.get(name="产出指标").level2s.get(name="数量指标")
    Indicator.objects.filter(filing=filings[0], sheet__isnull=True, name="服务社区数").update(level2=other)
    for data in (copied_values_and_cost_sum(), split_layout_weights_and_units(), value_types()):
        filings.append(build(jinglong, data))
    return filings


def project_with_gaps(jinglong, code):
    """A 项目支出 form with no name, 项目资金 or 年度目标, amounts typed as words, weights missing their
    total and a required 一级 missing."""
    filing = Filing.objects.create(department=jinglong, year=2024, form_no=Filing.objects.filter(
        department=jinglong, year=2024).count() + 1, framework=Framework.objects.get(code="mof-101"),
        layout=FormLayout.objects.get(code=code), kind=Filing.Kind.PROJECT, department_name="井龙街道办事处")
    form = ProjectForm.objects.create(filing=filing, name="", amount_text="")
    ProjectMoney.objects.create(form=form, order=1, label="财政拨款", amount=Decimal("10"))
    ProjectMoney.objects.create(form=form, order=2, label="其中：上级补助", amount=None, amount_text="约五十万")
    ProjectCost.objects.create(form=form, order=1, item="设备", amount=None, amount_text="另行测算")
    level2 = Framework.objects.get(code="mof-101").level1s.get(name="产出指标").level2s.first()
    for period, order, value, weight in [("annual", 1, "=3", "30"), ("implementation", 1, "≥5个", "20")]:
        Indicator.objects.create(filing=filing, period=period, order=order, level2=level2, name="改造小区个数",
                                 value_text=value, weight=Decimal(weight))
    return filing


def test_every_link_of_the_seed_filings_check_page_lands_on_its_field(signed_in, seed_filing):
    assert walk(signed_in, seed_filing)


def test_every_link_of_a_broken_packet_lands_on_its_field(signed_in, broken, jinglong):
    seen = set()
    for filing in broken:
        seen |= walk(signed_in, filing)
    for code in ("sichuan-2023-project", "hunan-project"):
        seen |= walk(signed_in, project_with_gaps(jinglong, code))
    assert seen == set(RULES), sorted(set(RULES) - seen)


def test_a_project_forms_weight_and_money_links_name_their_own_elements(signed_in, frameworks, jinglong):
    project = project_with_gaps(jinglong, "sichuan-2023-project")
    links = {(code, path, anchor) for code, path, anchor in links_of(signed_in, project)}
    targets = reverse("entry:project_targets", args=[project.pk])
    money = reverse("entry:project_money", args=[project.pk])
    assert ("R05_WEIGHT_TOTAL", targets, "grid-ind") in links
    assert ("R01_AMOUNT_UNREAD", money, "id_money-1-amount") in links
    assert ("R01_AMOUNT_UNREAD", money, "id_cost-0-amount") in links


def test_a_sheets_header_findings_link_to_the_sheets_own_fields(signed_in, broken):
    links = links_of(signed_in, broken[0])
    sheet_links = {(code, anchor) for code, path, anchor in links if "/sheets/" in path}
    assert {("R04_SHEET_AMOUNT", "id_amount"), ("R01_PERIOD_INVALID", "id_period_text"),
            ("R01_HEADER_MISSING", "id_fund_text"), ("R12_NAME_MISMATCH", "id_name")} <= sheet_links
    att1 = {(code, anchor) for code, path, anchor in links if path.endswith("/indicators/")}
    assert ("R05_LEVEL2_MISSING", "grid-ind") in att1  # the 年度 grid its rows are in, not the 实施期 one
    assert not any(anchor.startswith("line-") for code, path, anchor in links if "/sheets/" in path)

