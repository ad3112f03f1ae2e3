"""Rules 1–5: headers, totals that reconcile across 附件1/2/3, and the framework's required indicators."""

import datetime
from decimal import Decimal

from budgets.models import ProjectSheet, SubItem
from budgets.validation import validate_filing
from indicators.models import Framework

from .builders import build, codes, messages, packet


def test_a_clean_filing_has_no_findings_at_all(frameworks, jinglong):
    assert validate_filing(build(jinglong, packet())) == []


def test_a_blank_department_name_is_a_missing_header(frameworks, jinglong):
    filing = build(jinglong, packet())
    type(filing).objects.filter(pk=filing.pk).update(department_name=" ")  # an import or admin edit
    findings = validate_filing(filing)
    assert messages(findings, "R01_HEADER_MISSING") == ["附件1未填写部门名称（填报单位）"]
    assert findings[0].is_error


def test_a_sheet_without_special_fund_or_period_is_a_missing_header(frameworks, jinglong):
    data = packet()
    data["sub_items"][0]["sheet"].update(fund_text="", period_text="")
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R01_HEADER_MISSING") == [
        "附件3（1）「环卫作业服务费」未填写所属专项", "附件3（1）「环卫作业服务费」未填写项目实施期"]


def test_a_period_outside_the_budget_year_is_reported(frameworks, jinglong):
    data = packet()
    data["sub_items"][0]["sheet"]["period_text"] = "2020.1.1-2020.12.31"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R01_PERIOD_INVALID") == ["项目实施期2020.01.01-2020.12.31不含预算年度2022年"]


def test_an_unreadable_period_is_reported_with_the_expected_format(frameworks, jinglong):
    data = packet()
    data["sub_items"][1]["sheet"]["period_text"] = "全年"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R01_PERIOD_INVALID") == [
        "项目实施期「全年」无法识别起止日期，请按「2022.1.1-2022.12.31」的格式填写"]


def test_a_one_day_period_inside_the_year_is_valid(frameworks, jinglong):
    filing = build(jinglong, packet())
    ProjectSheet.objects.filter(sub_item__filing=filing, order=1).update(
        period_start=datetime.date(2022, 12, 31), period_end=datetime.date(2022, 12, 31))
    assert validate_filing(filing) == []


def test_total_that_differs_from_the_income_sources_is_an_error(frameworks, jinglong):
    findings = validate_filing(build(jinglong, packet(income_other="10")))
    assert messages(findings, "R02_TOTAL_BY_INCOME") == [
        "资金总额300万元，按收入性质分合计290万元（一般公共预算拨款280＋其他资金10），相差10万元"]
    assert codes(findings) == ["R02_TOTAL_BY_INCOME"]


def test_total_that_differs_from_basic_plus_project_is_an_error(frameworks, jinglong):
    findings = validate_filing(build(jinglong, packet(expense_basic="100.01")))
    assert messages(findings, "R02_TOTAL_BY_EXPENSE") == [
        "资金总额300万元，按支出性质分合计300.01万元（基本支出100.01＋项目支出200），相差0.01万元"]


def test_a_difference_within_the_tolerance_is_not_reported(frameworks, jinglong):
    assert validate_filing(build(jinglong, packet(expense_basic="100.004"))) == []


def test_project_spending_that_differs_from_the_att2_total_is_an_error(frameworks, jinglong):
    findings = validate_filing(build(jinglong, packet(expense_project="210", expense_basic="90")))
    assert messages(findings, "R03_PROJECT_VS_ATT2") == [
        "附件1项目支出210万元，附件2合计200万元（120＋80），相差10万元"]
    assert findings[0].location.attachment == "附件1" and findings[0].location.field == "expense_project"


def test_a_parent_row_that_is_not_the_sum_of_its_children_is_an_error(frameworks, jinglong):
    data = packet()
    data["sub_items"][1]["children"][1]["amount"] = "25"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R03_PARENT_VS_CHILDREN") == [
        "附件2「社区网格员经费」金额80万元，其子项合计75万元（网格员工资50＋网格员保险25），相差5万元"]
    assert findings[0].location.label == "附件2 · 二「社区网格员经费」 · 金额"


def test_an_att2_row_without_its_att3_is_an_error(frameworks, jinglong):
    data = packet()
    del data["sub_items"][1]["sheet"]
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R04_SHEET_MISSING") == [
        "附件2「社区网格员经费」（80万元）没有对应的附件3支出方向绩效目标表"]


def test_an_att3_amount_that_differs_from_its_att2_row_is_an_error(frameworks, jinglong):
    data = packet()
    data["sub_items"][0]["sheet"]["amount"] = "119.5"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R04_SHEET_AMOUNT") == [
        "附件3「环卫作业服务费」项目金额119.5万元，对应的附件2「环卫作业服务费」金额120万元，相差0.5万元"]


def test_a_line_with_children_needs_a_sheet_per_child_when_so_configured(frameworks, jinglong, district):
    from budgets.models import ValidationSettings

    ValidationSettings.objects.create(district=district, sheet_per_leaf=True)
    findings = validate_filing(build(jinglong, packet()))
    assert messages(findings, "R04_SHEET_MISSING") == [
        "附件2「网格员工资」（50万元）没有对应的附件3支出方向绩效目标表",
        "附件2「网格员保险」（30万元）没有对应的附件3支出方向绩效目标表",
    ]


def test_a_missing_required_level2_is_an_error_per_table(frameworks, jinglong):
    data = packet()
    data["sub_items"][1]["sheet"]["indicators"] = [
        r for r in data["sub_items"][1]["sheet"]["indicators"] if r["level2"] != "产出时效"]
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R05_LEVEL2_MISSING") == [
        "附件3（2）「社区网格员经费」缺少二级指标「产出指标 / 产出时效」：至少填写一个有指标值的三级指标"]


def test_a_required_level1_with_only_empty_rows_is_missing(frameworks, jinglong):
    data = packet()
    for row in data["indicators"]:
        if row["level1"] == "产出指标":
            row["name"], row["value_text"] = "", ""
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R05_LEVEL1_MISSING") == [
        "附件1缺少一级指标「产出指标」：至少填写一个有指标值的三级指标"]
    assert "R05_LEVEL2_MISSING" not in codes(findings)


def test_an_indicator_from_another_framework_is_an_error(frameworks, jinglong):
    filing = build(jinglong, packet())
    other = frameworks["mof-88"].level1s.get(name="产出指标").level2s.get(name="数量指标")
    filing.indicators.filter(sheet__isnull=True, order=1).update(level2=other)
    findings = validate_filing(filing)
    assert "R05_WRONG_FRAMEWORK" in codes(findings)
    assert Framework.objects.get(code="hunan-2021").name in messages(findings, "R05_WRONG_FRAMEWORK")[0]


def test_money_is_compared_as_decimal_not_float(frameworks, jinglong):
    filing = build(jinglong, packet(total_amount="0.3", income_general="0.1", income_other="0.2",
                                    expense_basic="0.1", expense_project="0.2"))
    SubItem.objects.filter(filing=filing, parent=None, order=1).update(amount=Decimal("0.12"))
    findings = validate_filing(filing)
    assert "R02_TOTAL_BY_INCOME" not in codes(findings) and "R02_TOTAL_BY_EXPENSE" not in codes(findings)
