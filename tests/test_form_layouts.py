"""Layouts and printed tiers: what a filing stores is what it shows, whatever its form's tiers are called."""

import re

import pytest
from django.urls import reverse

from budgets.models import Filing, YearDefault
from budgets.services.packets import create_filing_from_packet
from budgets.text import filing_as_text
from budgets.validation import validate_filing
from indicators.models import FormLayout

from .test_filing_pages import login


def _filing(jinglong, framework, indicators, **extra):
    return create_filing_from_packet({"year": 2023, "framework": framework, "department_name": "石峰区井龙街道办事处",
                                      "total_amount": "10", "indicators": indicators, **extra}, department=jinglong)


def test_the_seed_filing_has_the_hunan_2021_layout(seed_filing):
    assert seed_filing.layout.code == "hunan-2021"
    assert seed_filing.kind == Filing.Kind.OVERALL


def test_a_district_chooses_the_default_layout_of_a_year(frameworks, jinglong, district):
    YearDefault.objects.create(district=district, year=2023, framework=frameworks["hunan-2021"],
                               layout=FormLayout.objects.get(code="hunan-2023"))
    filing = _filing(jinglong, "hunan-2021", [{"level1": "产出指标", "level2": "产出数量", "name": "保洁面积",
                                              "value_type": "定量", "value_text": "120", "unit": "万平方米"}])
    assert filing.layout.code == "hunan-2023"
    text = filing_as_text(filing)
    assert "一级指标 | 二级指标 | 三级指标 | 指标值类型(定量/定性) | 指标值 | 计量单位 | 指标解释 | 评(扣)分标准 | 备注" in text
    assert "产出指标 | 产出数量 | 保洁面积 | 定量 | 120 | 万平方米 |" in text


def test_an_unmatched_level_2_name_is_kept_as_printed_and_warned_about(frameworks, jinglong):
    filing = _filing(jinglong, "hunan-2021", [
        {"level1": "产出指标", "level2": "产出数量", "name": "保洁面积", "value_text": "120万平方米"},
        {"level1": "产出指标", "level2": "工作量指标", "name": "巡查次数", "value_text": "≥12次"},
    ])
    row = filing.indicators.get(name="巡查次数")
    assert (row.level1_name, row.level2_name, row.level2) == ("产出指标", "工作量指标", None)
    unmatched = [f for f in validate_filing(filing) if f.code == "R05_TIER_UNMATCHED"]
    assert len(unmatched) == 1
    assert "工作量指标" in unmatched[0].message and unmatched[0].severity == "warning"
    assert "产出指标 | 工作量指标 | 巡查次数 | ≥12次 |" in filing_as_text(filing)


def test_satisfaction_under_benefits_with_88_names_links_through_an_alias(frameworks, jinglong):
    filing = _filing(jinglong, "mof-88", [
        {"level1": "效益指标", "level2": "满意度指标", "name": "群众满意度", "value_text": "≥90%"}])
    row = filing.indicators.get()
    assert row.level2.kind == "satisfaction" and row.level2_name == "满意度指标"
    assert not [f for f in validate_filing(filing) if f.code == "R05_TIER_UNMATCHED"]


def test_a_two_level_form_whose_first_tier_is_quantity_links_on_that_name(frameworks, jinglong):
    filing = _filing(jinglong, "mof-88", [{"level1": "数量指标", "level2": "", "name": "培训人次", "value_text": "100人次"}])
    assert filing.indicators.get().level2.kind == "quantity"


def test_a_page_in_the_split_layout_shows_explanation_and_scoring_cells(client, clerk_a, frameworks, jinglong):
    filing = _filing(jinglong, "mof-101", [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value_text": "1000", "operator": "≥",
         "value_number": "1000", "unit": "人次", "explanation": "全年参训人次", "scoring_rule": "每少100人次扣1分"}])
    html = login(client, clerk_a).get(reverse("filing_detail", args=[filing.pk])).content.decode()
    row = html.split("培训人次</td>", 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["≥", "1000", "人次", "", "全年参训人次", "每少100人次扣1分"]


@pytest.mark.parametrize("code", ["hunan-2021", "mof-101", "mof-101-full", "hunan-2023", "chongqing-2022",
                                  "mof-88-project", "hunan-project", "jiaxian-2016", "scoring-2021", "daqing",
                                  "sichuan-2023-project"])
def test_every_shipped_layout_is_valid_data(db, code):
    FormLayout.objects.get(code=code).full_clean()
