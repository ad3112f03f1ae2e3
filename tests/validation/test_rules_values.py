"""Rules 6–13 on indicator values and names: each fires on a broken row and is quiet once it is fixed."""

from decimal import Decimal

import pytest

from budgets.models import Indicator, RuleOverride, ValidationSettings
from budgets.validation import validate_filing, validate_indicator
from indicators.models import FormLayout

from .builders import build, codes, messages, packet, sheet_rows


def with_value(jinglong, sheet_index, row_index, value, name=None):
    data = packet()
    row = sheet_rows(data, sheet_index)[row_index] if sheet_index is not None else data["indicators"][row_index]
    row["value_text"] = value
    if name is not None:
        row["name"] = name
    return validate_filing(build(jinglong, data))


def test_a_value_without_operator_is_an_error_and_the_operator_fixes_it(frameworks, jinglong):
    findings = with_value(jinglong, 0, 1, "98%")
    assert messages(findings, "R06_OPERATOR_MISSING") == [
        "产出质量「道路保洁达标率」的指标值「98%」没有指标性质：请写明「≥98%」「=98%」或「≤98%」"]
    assert findings[0].location.label == "附件3（1）「环卫作业服务费」 · 指标第2行 产出质量 · 指标值"
    assert with_value(jinglong, 0, 1, "≥98%") == []


def test_a_number_without_a_unit_is_an_error(frameworks, jinglong):
    assert messages(with_value(jinglong, None, 0, "=3"), "R06_UNIT_MISSING") == [
        "产出数量「服务社区数」的指标值「=3」没有计量单位（如 %、个、人、万元）"]


def test_a_bare_order_of_magnitude_is_not_a_unit(frameworks, jinglong):
    assert messages(with_value(jinglong, None, 0, "=2.4万"), "R06_UNIT_MISSING") == [
        "产出数量「服务社区数」的指标值「=2.4万」只有数量级「万」，没有计量单位（如 人、户、个）"]
    assert with_value(jinglong, None, 0, "=2.4万人") == []


def test_a_percentage_above_100_is_an_error_unless_it_is_a_growth_rate(frameworks, jinglong):
    assert messages(with_value(jinglong, 0, 1, "≥120%"), "R06_PERCENT_RANGE") == [
        "产出质量「道路保洁达标率」的指标值120%超出0–100%；如为增长率，请在三级指标名称中写明「增长率」"]
    assert with_value(jinglong, 0, 1, "≥120%", name="保洁面积增长率") == []


def test_satisfaction_below_the_floor_is_an_error(frameworks, jinglong):
    assert messages(with_value(jinglong, 0, 5, "≥75%"), "R06_SATISFACTION_FLOOR") == [
        "社会公众及服务对象满意度「公众满意度」的指标值75%低于满意度下限80%"]


def test_satisfaction_as_words_is_an_error(frameworks, jinglong):
    findings = with_value(jinglong, 0, 5, "满意")
    assert messages(findings, "R06_SATISFACTION_FLOOR") == [
        "社会公众及服务对象满意度「公众满意度」的指标值「满意」不是百分比，满意度应写为「≥80%」这样的数值"]


def test_a_named_row_without_value_is_an_error(frameworks, jinglong):
    assert messages(with_value(jinglong, 0, 4, ""), "R06_VALUE_MISSING") == ["社会效益「垃圾清运及时率」未填写指标值"]


def test_a_trend_word_value_is_a_vague_value_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 4, "稳定增长")
    assert codes(findings) == ["R07_VAGUE_VALUE"]
    assert findings[0].severity == "warning"
    assert "「稳定」「增长」" in findings[0].message


def test_a_declared_grade_is_not_vague(frameworks, jinglong):
    assert with_value(jinglong, 0, 4, "达成年度指标") == []


def test_a_vague_word_in_the_indicator_name_is_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 4, "≥97%", name="居民生活质量逐年提升")
    assert messages(findings, "R07_VAGUE_NAME") == [
        "三级指标「居民生活质量逐年提升」含「逐年」「提升」：名称应是可计量的对象（如「公众满意度」「保洁面积」），目标写在指标值中"]


def test_two_measures_in_one_cell_are_a_composite_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 0, "28条道路，53.91万平方，")
    assert messages(findings, "R08_COMPOSITE_VALUE") == [
        "产出数量「保洁面积」的指标值「28条道路，53.91万平方，」含2个数值（28条道路、53.91万平方），请拆成2行三级指标，每行一个数值和单位"]


def test_a_descriptive_sentence_as_value_is_free_text(frameworks, jinglong):
    assert codes(with_value(jinglong, 0, 4, "居民生活环境舒适")) == ["R08_FREE_TEXT"]


def test_a_long_or_sentence_like_name_is_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 4, "≥97%", name="美化环境，合理解决矛盾")
    assert messages(findings, "R10_NAME_SENTENCE") == [
        "三级指标「美化环境，合理解决矛盾」是一句话（含标点）：应是简短的计量对象，如「网格员人数」「垃圾清运及时率」"]


def test_a_name_that_restates_the_sub_item_is_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 0, "≥53.91万平方米", name="环卫作业服务费")
    assert codes(findings) == ["R10_NAME_IS_LINE"]


def test_a_monthly_cost_times_twelve_that_misses_the_amount_is_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 0, 3, "全年12个月，每月10.01万元")
    assert messages(findings, "R09_MONTHLY_COST") == [
        "每平方米年保洁成本：每月10.01万元×12=120.12万元，与项目金额120万元相差0.12万元"]
    assert "R09_MONTHLY_COST" not in codes(with_value(jinglong, 0, 3, "全年12个月，每月10万元"))


def test_a_unit_cost_times_headcount_that_misses_the_amount_is_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 1, 3, "=4.1万元/人")
    assert messages(findings, "R09_UNIT_COST") == [
        "网格员人均经费：4.1万元/人×20人=82万元，与项目金额80万元相差2万元"]


def test_plain_cost_amounts_that_do_not_add_up_to_the_amount_are_a_warning(frameworks, jinglong):
    findings = with_value(jinglong, 1, 3, "=70万元")
    assert messages(findings, "R09_COST_SUM") == [
        "成本指标合计70万元（网格员人均经费70），与项目金额80万元相差10万元"]


def test_the_project_amount_as_cost_value_is_a_budget_amount_warning(frameworks, jinglong):
    findings = with_value(jinglong, 1, 3, "=80万元")
    assert messages(findings, "R11_BUDGET_AS_VALUE") == [
        "产出成本「网格员人均经费」的指标值「=80万元」就是项目金额80万元：预算投入不能作为绩效指标，"
        "成本指标宜写单位成本或成本控制率（如「≤6.3万元/人」）"]


def test_att1_basic_spending_as_cost_value_is_a_budget_amount_warning(frameworks, jinglong):
    data = packet()
    data["indicators"].append({"level1": "产出指标", "level2": "产出成本", "name": "基本支出", "value_text": "100"})
    findings = validate_filing(build(jinglong, data))
    assert "就是基本支出100万元" in messages(findings, "R11_BUDGET_AS_VALUE")[0]


def test_a_date_in_another_year_is_a_year_warning(frameworks, jinglong):
    assert messages(with_value(jinglong, 0, 2, "2021年底"), "R12_YEAR_MISMATCH") == [
        "产出时效「垃圾日产日清率」的指标值「2021年底」写的是2021年，与预算年度2022年不一致"]


def test_an_att3_named_differently_from_its_att2_row_is_a_warning(frameworks, jinglong):
    data = packet()
    data["sub_items"][0]["sheet"]["name"] = "井龙街道辖区内环卫作业费"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R12_NAME_MISMATCH") == [
        "附件3支出方向（子项）「井龙街道辖区内环卫作业费」与对应的附件2「一、环卫作业服务费」名称不一致，"
        "所属专项为「环卫作业服务费」：请统一名称，便于汇总核对"]


def test_an_att3_named_like_another_att2_row_hints_at_a_wrong_link(frameworks, jinglong):
    data = packet()
    data["sub_items"][0]["sheet"]["name"] = "社区网格员经费"
    findings = validate_filing(build(jinglong, data))
    assert messages(findings, "R12_NAME_MISMATCH")[0].endswith(
        "该名称更接近附件2「二、社区网格员经费」，请核对对应关系")


def test_the_same_value_in_every_form_is_an_info(frameworks, jinglong):
    data = packet()
    for rows in (data["indicators"], sheet_rows(data, 0), sheet_rows(data, 1)):
        rows[-1]["value_text"] = "≥90%"
    findings = validate_filing(build(jinglong, data))
    assert [(f.severity, f.message) for f in findings] == [
        ("info", "满意度指标值「≥90%」在附件1和全部2张附件3中完全相同，请按各项目的实际情况分别测算")]


def test_a_district_can_turn_a_rule_off_or_make_it_an_error(frameworks, jinglong, district):
    settings = ValidationSettings.objects.create(district=district)
    RuleOverride.objects.create(settings=settings, code="R07_VAGUE_VALUE", severity="error")
    RuleOverride.objects.create(settings=settings, code="R08_FREE_TEXT", severity="off")
    data = packet()
    sheet_rows(data, 0)[4]["value_text"] = "提升"
    sheet_rows(data, 1)[4]["value_text"] = "居民生活环境舒适"
    findings = validate_filing(build(jinglong, data))
    assert [(f.code, f.severity) for f in findings] == [("R07_VAGUE_VALUE", "error")]


def test_a_district_sets_its_own_tolerance_floor_and_vague_words(frameworks, jinglong, district):
    ValidationSettings.objects.create(district=district, cost_tolerance=Decimal("3"),
                                      satisfaction_floor=Decimal("95"), vague_words="舒适")
    data = packet()
    sheet_rows(data, 1)[3]["value_text"] = "=4.1万元/人"  # 82 vs 80: within 3
    sheet_rows(data, 0)[4]["value_text"] = "舒适"
    findings = validate_filing(build(jinglong, data))
    assert codes(findings) == ["R06_SATISFACTION_FLOOR", "R07_VAGUE_VALUE"]
    assert [f.data["number"] for f in findings if f.code == "R06_SATISFACTION_FLOOR"] == [
        Decimal("85"), Decimal("90"), Decimal("92")]


def test_an_unsaved_row_is_checked_in_its_sheets_context(frameworks, jinglong):
    filing = build(jinglong, packet())
    saved = filing.indicators.get(sheet__order=2, name="网格员人均经费")
    saved.value_text = "6.3万元/人"
    findings = validate_indicator(saved)
    assert codes(findings) == ["R06_OPERATOR_MISSING", "R09_UNIT_COST"]
    new = Indicator(filing=filing, sheet=saved.sheet, level2=saved.level2, order=99, name="服务提升", value_text="提升")
    assert codes(validate_indicator(new)) == ["R07_VAGUE_NAME", "R07_VAGUE_VALUE"]


# A 计量单位 cell that holds the unit is filled as the form asks, even where the 指标值 repeats it.
@pytest.mark.parametrize("layout_value, unit, expected", [("95%", "", ["R08_UNIT_IN_VALUE"]), ("95%", "%", []),
                                                          ("95", "%", [])])
def test_on_split_layouts_the_unit_belongs_in_its_own_column(frameworks, jinglong, layout_value, unit, expected):
    filing = build(jinglong, packet())
    type(filing).objects.filter(pk=filing.pk).update(layout=FormLayout.objects.get(code="mof-101"))
    filing.indicators.filter(sheet__isnull=True, order=2).update(value_text=layout_value, operator="≥", unit=unit,
                                                                 value_number=Decimal("95"))
    on_row = [f for f in validate_filing(filing) if f.location.attachment == "附件1" and f.location.row == 2]
    assert codes(on_row) == expected
