"""Indicator grids follow the layout's blocks: 实施期 and 年度 where the form prints both, 年度 alone otherwise."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Filing, Indicator, SubItem
from indicators.models import FormLayout

from .helpers import post_step


@pytest.fixture
def output_count(frameworks):
    return frameworks["hunan-2021"].level1s.get(name="产出指标").level2s.get(name="产出数量")


def test_the_hunan_2021_step_shows_a_period_grid_before_the_annual_one(signed_in, draft):
    html = signed_in.get(reverse("entry:step_indicators", args=[draft.pk])).content.decode()
    assert draft.layout.blocks == [["implementation", "实施期绩效指标"], ["annual", "年度绩效指标"]]
    assert html.index(">实施期绩效指标</h3>") < html.index(">年度绩效指标</h3>")
    assert 'data-formset="imp"' in html and 'data-formset="ind"' in html


def test_rows_typed_in_each_grid_are_stored_under_their_period(signed_in, draft, output_count):
    url = reverse("entry:step_indicators", args=[draft.pk])
    response = post_step(signed_in, url, {
        "imp-0-level2": str(output_count.pk), "imp-0-name": "三年内完成改造", "imp-0-value_text": "≥3个",
        "ind-0-level2": str(output_count.pk), "ind-0-name": "本年完成改造", "ind-0-value_text": "≥1个"})
    assert response.status_code == 302
    rows = Indicator.objects.filter(filing=draft).order_by("period")
    assert [(r.period, r.name, r.value_number) for r in rows] == [
        ("annual", "本年完成改造", Decimal("1")), ("implementation", "三年内完成改造", Decimal("3"))]
    # Saved again unchanged: still one row in each block, the 实施期 row not copied into 年度.
    assert post_step(signed_in, url).status_code == 302
    assert Indicator.objects.filter(filing=draft).count() == 2


def test_a_sheet_step_edits_its_period_indicators_too(signed_in, draft, output_count):
    line = SubItem.objects.create(filing=draft, order=1, seq="一", name="环卫作业服务费", amount=Decimal("669.9"))
    post_step(signed_in, reverse("entry:step_sheets", args=[draft.pk]), {"sub_item": str(line.pk)})
    url = reverse("entry:step_sheet", args=[draft.pk, line.sheet.pk])
    response = post_step(signed_in, url, {"imp-0-level2": str(output_count.pk), "imp-0-name": "道路保洁面积",
                                          "imp-0-value_text": "≥90万平方米"})
    assert response.status_code == 302
    row = Indicator.objects.get(sheet=line.sheet)
    assert (row.period, row.name, row.unit) == ("implementation", "道路保洁面积", "万平方米")


def test_a_layout_without_a_period_block_shows_only_the_annual_grid(signed_in, draft):
    Filing.objects.filter(pk=draft.pk).update(layout=FormLayout.objects.get(code="chongqing-2022"))
    html = signed_in.get(reverse("entry:step_indicators", args=[draft.pk])).content.decode()
    assert 'data-formset="imp"' not in html
    assert 'data-formset="ind"' in html
    assert "附件1 年度绩效指标" in html


def test_a_period_row_is_checked_as_typed_like_an_annual_one(signed_in, draft, output_count):
    response = signed_in.post(reverse("entry:check_row", args=[draft.pk]), {
        "row_prefix": "imp-0", "imp-0-level2": str(output_count.pk), "imp-0-name": "道路保洁面积",
        "imp-0-value_text": "≥90万平方米"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "识别：≥ <span class=\"num\">90</span> 万平方米" in response.content.decode()
