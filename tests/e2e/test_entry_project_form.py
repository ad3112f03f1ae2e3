"""jinglong's clerk fills a stand-alone 项目支出绩效目标表 (四川2023 layout: 指标性质 · 度量单位 · 权重) in a browser."""

from decimal import Decimal

import pytest

from budgets.models import Filing, Indicator, ProjectForm
from indicators.models import FormLayout, Level2

from .conftest import screenshot
from .test_browse_filing import log_in


@pytest.fixture
def clerk(transactional_db, frameworks, clerk_a):
    return clerk_a


def test_clerk_fills_a_project_form_with_operator_unit_and_weight_columns(page, live_server, clerk):
    layout = FormLayout.objects.get(code="sichuan-2023-project")
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.get_by_test_id("new-filing").click()
    page.get_by_label("预算年度").fill("2023")
    page.get_by_label("项目支出绩效目标表（单独一张）").check()
    page.get_by_label("项目表样").select_option(label=layout.name)
    screenshot(page, "project-0-new")
    page.get_by_role("button", name="创建并开始填写").click()
    page.wait_for_selector("#id_name")
    page.fill("#id_name", "井龙街道背街小巷提质改造")
    page.fill("#id_supervisor", "石峰区城管局")
    page.fill("#id_leader", "张三 13800000000")
    page.fill("#id_attribute_text", "新增项目□延续项目√")
    page.fill("#id_fund_text", "城乡环境综合整治专项")
    page.fill("#id_amount", "1,100.50")
    page.fill("#id_overview", "改造小巷12条。")
    screenshot(page, "project-1-basic")
    page.get_by_role("button", name="保存并下一步").click()

    page.wait_for_selector("[data-formset=money]")
    page.fill("[name=money-0-label]", "财政拨款")
    page.fill("[name=money-0-amount]", "1,060.5")
    page.fill("[name=money-1-label]", "自有资金")
    page.fill("[name=money-1-amount]", "４０")
    assert page.get_by_test_id("money-total").inner_text() == "1100.5"
    page.fill("[name=cost-0-item]", "路面")
    page.fill("[name=cost-0-amount]", "1000")
    assert page.get_by_test_id("cost-total").inner_text() == "1000"
    assert "合计与项目资金总额不一致" in page.locator("[data-formset=cost] tfoot").inner_text()
    page.get_by_role("button", name="添加一行").nth(1).click()
    page.fill("[name=cost-2-item]", "路灯")
    page.fill("[name=cost-2-amount]", "100.5")
    assert page.get_by_test_id("cost-total").inner_text() == "1100.5"
    assert "不一致" not in page.locator("[data-formset=cost] tfoot").inner_text()
    page.fill("[name=stage-0-stage]", "招标")
    page.fill("[name=stage-0-when]", "2023年3月")
    screenshot(page, "project-2-money")
    page.get_by_role("button", name="保存并下一步").click()

    page.wait_for_selector(".indicator-grid")
    headers = page.locator(".indicator-grid thead th").all_inner_texts()
    assert headers[1:8] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]
    l2 = Level2.objects.filter(level1__framework=Filing.objects.get().framework).select_related("level1") \
        .order_by("level1__order", "order").first()
    page.fill("#id_period_goal", "三年内完成全部背街小巷改造。")
    page.fill("#id_annual_goal", "改造小巷12条。")
    page.select_option("[name=ind-0-level1]", label=l2.level1.name)
    page.select_option("[name=ind-0-level2]", label=l2.name)
    page.fill("[name=ind-0-name]", "改造小巷数量")
    page.select_option("[name=ind-0-operator]", "≥")
    page.fill("[name=ind-0-value_text]", "12")
    page.fill("[name=ind-0-unit]", "条")
    page.fill("[name=ind-0-weight]", "20")
    page.locator("[name=ind-0-weight]").press("Tab")
    page.wait_for_selector("tr[data-prefix=ind-0] [data-testid=parsed]")
    screenshot(page, "project-3-targets")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_selector("[data-testid=steps]")
    screenshot(page, "project-4-check")

    filing = Filing.objects.get()
    assert (filing.kind, filing.layout.code) == ("project", "sichuan-2023-project")
    form = ProjectForm.objects.get(filing=filing)
    assert (form.name, form.supervisor, form.attribute_text, form.fund_text, form.amount) == (
        "井龙街道背街小巷提质改造", "石峰区城管局", "新增项目□延续项目√", "城乡环境综合整治专项", Decimal("1100.5"))
    assert [(m.label, m.amount) for m in form.money_rows.all()] == [
        ("财政拨款", Decimal("1060.5")), ("自有资金", Decimal("40"))]
    assert [(c.item, c.amount) for c in form.cost_rows.all()] == [("路面", Decimal("1000")), ("路灯", Decimal("100.5"))]
    assert [(s.stage, s.when) for s in form.stages.all()] == [("招标", "2023年3月")]
    assert (form.period_goal, form.annual_goal) == ("三年内完成全部背街小巷改造。", "改造小巷12条。")
    row = Indicator.objects.get(filing=filing)
    assert (row.period, row.level2, row.name, row.operator, row.value_number, row.unit, row.weight) == (
        "annual", l2, "改造小巷数量", "≥", Decimal("12"), "条", Decimal("20"))
