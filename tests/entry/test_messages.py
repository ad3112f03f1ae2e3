"""Every message a step shows for bad input, Django's own included, is Chinese with Chinese punctuation."""

import re

from django.urls import reverse

from .helpers import flat, page_fields, post_step

ASCII_PUNCTUATION = re.compile(r"[.,:;()!?]")


def shown_errors(html):
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', html)


def test_bad_cells_of_the_indicator_grid_get_chinese_messages(signed_in, draft, frameworks):
    level2 = frameworks["hunan-2021"].level1s.get(name="产出指标").level2s.get(name="产出数量")
    response = post_step(signed_in, reverse("entry:step_indicators", args=[draft.pk]), {
        "ind-0-level2": str(level2.pk), "ind-0-name": "辖区内居民", "ind-0-order": "第一",
        "ind-1-level2": "999999", "ind-1-name": "道路",
        "ind-2-level2": str(level2.pk), "ind-2-name": "面积", "ind-2-order": "-1"})
    assert response.status_code == 200
    errors = shown_errors(response.content.decode())
    assert errors == ["行号应为0到9999之间的整数，如 1、2、3。", "所选内容「999999」不在可选范围内，请从列表中选择。",
                      "行号应为0到9999之间的整数，如 1、2、3。"]


def test_too_long_and_too_precise_values_get_chinese_messages(signed_in, draft):
    sheet_fields = {"department_name": "井" * 120}
    response = post_step(signed_in, reverse("entry:step_basic", args=[draft.pk]), sheet_fields)
    assert shown_errors(response.content.decode()) == ["最多填写 100 个字（现在是 120 个）。"]


def test_a_weight_with_too_many_digits_gets_a_chinese_message(signed_in, draft):
    from budgets.entry.forms import IndicatorForm

    form = IndicatorForm({"weight": "12345678.5"}, tree=[], needs_tiers=False)
    other = IndicatorForm({"weight": "1.234"}, tree=[], needs_tiers=False)
    assert (form.is_valid(), other.is_valid()) == (False, False)
    assert (form.errors["weight"], other.errors["weight"]) == (["「12345678.5」超出允许范围（整数部分最多5位）"],
                                                               ["「1.234」最多保留2位小数"])


def test_a_page_with_its_row_counts_cut_off_says_so_in_chinese(signed_in, draft):
    url = reverse("entry:step_indicators", args=[draft.pk])
    data = flat(page_fields(signed_in, url))
    del data["ind-INITIAL_FORMS"]
    response = signed_in.post(url, {**data, "action": "save"})
    html = response.content.decode()
    assert "表格的行数信息缺失或被改动（ind-INITIAL_FORMS），本表尚未保存；已按提交的内容列出各行，请核对后再次保存。" in html


def test_no_message_on_a_refused_step_uses_ascii_punctuation(signed_in, draft):
    response = post_step(signed_in, reverse("entry:step_basic", args=[draft.pk]),
                         {"department_name": "", "total_amount": "abc", "expense_basic": "1.2.3"})
    errors = shown_errors(response.content.decode())
    assert len(errors) == 3
    assert [e for e in errors if ASCII_PUNCTUATION.search(e.replace("1482.9", "").replace("1.2.3", ""))] == []
