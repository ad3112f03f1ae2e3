"""What the 2021 seed must produce (issue 3): every finding, listed explicitly, errors first in form order.

The seed's money reconciles (domain.md §6.1), so no R02/R03/R04 finding. It has no operator anywhere
(§6.3: 「0 of 56 have an operator」), two cost figures that do not multiply out, thirteen trend-word
values, budget amounts as values, composite values and five 附件2/附件3 name mismatches.

73 findings (23 errors): 附件1 row 1 「2.4万」 lacks both its operator and a unit (万 is only a
magnitude); that is one gap in one cell, so one R06_OPERATOR_MISSING naming both, where there used
to be a second R06_UNIT_MISSING finding on the same cell.
"""

from budgets.validation import validate_filing

EXPECTED = [
    ("R06_OPERATOR_MISSING", "附件1 · 指标第1行 产出数量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件1 · 指标第2行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件1 · 指标第6行 社会效益 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件1 · 指标第9行 社会公众及服务对象满意度 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（1）「社区人员经费及运转经费」 · 指标第1行 产出数量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（1）「社区人员经费及运转经费」 · 指标第2行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（1）「社区人员经费及运转经费」 · 指标第4行 产出成本 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（1）「社区人员经费及运转经费」 · 指标第5行 产出成本 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（1）「社区人员经费及运转经费」 · 指标第10行 社会公众及服务对象满意度 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第2行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第9行 社会公众及服务对象满意度 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第1行 产出数量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第2行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第4行 产出成本 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第9行 社会公众及服务对象满意度 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（4）「网格化管理事件处理」 · 指标第2行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（4）「网格化管理事件处理」 · 指标第4行 产出成本 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（4）「网格化管理事件处理」 · 指标第9行 社会公众及服务对象满意度 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第1行 产出数量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第2行 产出数量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第3行 产出质量 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第5行 产出成本 · 指标值"),
    ("R06_OPERATOR_MISSING", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第10行 社会公众及服务对象满意度 · 指标值"),
    ("R08_COMPOSITE_VALUE", "附件1 · 指标第4行 产出成本 · 指标值"),
    ("R10_NAME_SENTENCE", "附件1 · 指标第4行 产出成本 · 三级指标"),
    ("R11_BUDGET_AS_VALUE", "附件1 · 指标第4行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件1 · 指标第5行 经济效益 · 指标值"),
    ("R10_NAME_SENTENCE", "附件1 · 指标第5行 经济效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件1 · 指标第8行 可持续影响 · 指标值"),
    ("R07_VAGUE_NAME", "附件1 · 指标第9行 社会公众及服务对象满意度 · 三级指标"),
    ("R12_NAME_MISMATCH", "附件3（1）「社区人员经费及运转经费」 · 支出方向（子项）"),
    ("R10_NAME_SENTENCE", "附件3（1）「社区人员经费及运转经费」 · 指标第2行 产出质量 · 三级指标"),
    ("R10_NAME_SENTENCE", "附件3（1）「社区人员经费及运转经费」 · 指标第3行 产出时效 · 三级指标"),
    ("R11_BUDGET_AS_VALUE", "附件3（1）「社区人员经费及运转经费」 · 指标第4行 产出成本 · 指标值"),
    ("R10_NAME_IS_LINE", "附件3（1）「社区人员经费及运转经费」 · 指标第4行 产出成本 · 三级指标"),
    ("R11_BUDGET_AS_VALUE", "附件3（1）「社区人员经费及运转经费」 · 指标第5行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（1）「社区人员经费及运转经费」 · 指标第6行 经济效益 · 指标值"),
    ("R10_NAME_SENTENCE", "附件3（1）「社区人员经费及运转经费」 · 指标第6行 经济效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件3（1）「社区人员经费及运转经费」 · 指标第7行 社会效益 · 指标值"),
    ("R07_VAGUE_NAME", "附件3（1）「社区人员经费及运转经费」 · 指标第7行 社会效益 · 三级指标"),
    ("R10_NAME_SENTENCE", "附件3（1）「社区人员经费及运转经费」 · 指标第7行 社会效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件3（1）「社区人员经费及运转经费」 · 指标第9行 可持续影响 · 指标值"),
    ("R12_NAME_MISMATCH", "附件3（2）「井龙街道辖区内环卫作业费」 · 支出方向（子项）"),
    ("R08_COMPOSITE_VALUE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第1行 产出数量 · 指标值"),
    ("R08_COMPOSITE_VALUE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第4行 产出成本 · 指标值"),
    ("R10_NAME_IS_LINE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第4行 产出成本 · 三级指标"),
    ("R09_MONTHLY_COST", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第4行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第6行 社会效益 · 指标值"),
    ("R07_VAGUE_NAME", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第6行 社会效益 · 三级指标"),
    ("R10_NAME_SENTENCE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第6行 社会效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件3（2）「井龙街道辖区内环卫作业费」 · 指标第8行 可持续影响 · 指标值"),
    ("R12_NAME_MISMATCH", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 支出方向（子项）"),
    ("R10_NAME_SENTENCE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第2行 产出质量 · 三级指标"),
    ("R07_VAGUE_NAME", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第3行 产出时效 · 三级指标"),
    ("R11_BUDGET_AS_VALUE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第4行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第6行 社会效益 · 指标值"),
    ("R07_VAGUE_NAME", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第6行 社会效益 · 三级指标"),
    ("R10_NAME_SENTENCE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第6行 社会效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第8行 可持续影响 · 指标值"),
    ("R10_NAME_SENTENCE", "附件3（3）「街道党建、城管、妇联、计生、基层武装、…」 · 指标第8行 可持续影响 · 三级指标"),
    ("R12_NAME_MISMATCH", "附件3（4）「网格化管理事件处理」 · 支出方向（子项）"),
    ("R08_COMPOSITE_VALUE", "附件3（4）「网格化管理事件处理」 · 指标第1行 产出数量 · 指标值"),
    ("R10_NAME_SENTENCE", "附件3（4）「网格化管理事件处理」 · 指标第2行 产出质量 · 三级指标"),
    ("R11_BUDGET_AS_VALUE", "附件3（4）「网格化管理事件处理」 · 指标第4行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（4）「网格化管理事件处理」 · 指标第6行 社会效益 · 指标值"),
    ("R10_NAME_SENTENCE", "附件3（4）「网格化管理事件处理」 · 指标第6行 社会效益 · 三级指标"),
    ("R07_VAGUE_VALUE", "附件3（4）「网格化管理事件处理」 · 指标第8行 可持续影响 · 指标值"),
    ("R07_VAGUE_NAME", "附件3（4）「网格化管理事件处理」 · 指标第8行 可持续影响 · 三级指标"),
    ("R12_NAME_MISMATCH", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 支出方向（子项）"),
    ("R09_UNIT_COST", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第5行 产出成本 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第7行 社会效益 · 指标值"),
    ("R07_VAGUE_VALUE", "附件3（5）「社区网格员工资、保险福利等人员经费」 · 指标第9行 可持续影响 · 指标值"),
    ("R13_COPIED_VALUE", "整份申报"),
]

VAGUE_VALUES = ["增长", "持续提高", "提升", "提高", "稳定增长", "整洁", "长期", "工作质量提升", "长期", "提升", "长期",
                "提升", "增强"]


def test_the_seed_produces_exactly_the_expected_findings(seed_filing):
    findings = validate_filing(seed_filing)
    assert [(f.code, f.location.label) for f in findings] == EXPECTED


def test_a_row_missing_operator_and_unit_is_one_finding_naming_both(seed_filing):
    on_row = [f for f in validate_filing(seed_filing) if f.location.attachment == "附件1" and f.location.row == 1]
    assert [(f.code, f.message, f.data["missing"]) for f in on_row] == [(
        "R06_OPERATOR_MISSING", "产出数量「辖区内居民」的指标值「2.4万」缺少指标性质和计量单位（「万」只是数量级），请补全",
        ["R06_OPERATOR_MISSING", "R06_UNIT_MISSING"])]


def test_seed_totals_reconcile_so_there_is_no_reconciliation_finding(seed_filing):
    codes = {f.code for f in validate_filing(seed_filing)}
    assert not codes & {"R02_TOTAL_BY_INCOME", "R02_TOTAL_BY_EXPENSE", "R03_PROJECT_VS_ATT2",
                        "R03_PARENT_VS_CHILDREN", "R04_SHEET_MISSING", "R04_SHEET_AMOUNT"}


def test_seed_monthly_cost_times_twelve_differs_from_project_amount(seed_filing):
    found = [f for f in validate_filing(seed_filing) if f.code == "R09_MONTHLY_COST"]
    assert [f.message for f in found] == ["环卫作业服务费：每月55.83万元×12=669.96万元，与项目金额669.9万元相差0.06万元"]
    assert found[0].severity == "warning"
    assert found[0].location.sheet_name == "井龙街道辖区内环卫作业费"


def test_seed_cost_per_grid_worker_times_headcount_differs_from_project_amount(seed_filing):
    found = [f.message for f in validate_filing(seed_filing) if f.code == "R09_UNIT_COST"]
    assert found == ["网格员平均经费：6.3万元/人×24人=151.2万元，与项目金额151.17万元相差0.03万元"]


def test_seed_gets_a_vague_value_warning_on_each_trend_word_value(seed_filing):
    found = [f for f in validate_filing(seed_filing) if f.code == "R07_VAGUE_VALUE"]
    by_row = {(f.location.sheet_index or 0, f.location.row) for f in found}
    assert len(found) == len(by_row) == 13
    values = {(ind.sheet_id, ind.order): ind.value_text.strip() for ind in seed_filing.indicators.all()}
    sheet_of = {f.location.sheet_index or 0: f.location.sheet_id for f in found}
    assert sorted(values[(sheet_of[s], r)] for s, r in by_row) == sorted(VAGUE_VALUES)


def test_seed_budget_amounts_used_as_indicator_values_are_reported(seed_filing):
    found = [f.message for f in validate_filing(seed_filing) if f.code == "R11_BUDGET_AS_VALUE"]
    assert found[0].startswith("产出成本「基本支出 项目支出」的指标值「462.21 1020.69」就是基本支出462.21万元、项目支出1020.69万元")
    assert any("「40万」就是项目金额40万元" in m for m in found)
    assert any("「15万」就是项目金额15万元" in m for m in found)
    assert sum("合计144.62万元（社区人员经费61.62＋社区运转经费83），正是项目金额" in m for m in found) == 2


def test_seed_composite_values_are_reported(seed_filing):
    found = [f.message for f in validate_filing(seed_filing) if f.code == "R08_COMPOSITE_VALUE"]
    assert "产出数量「机械化作业、人工清扫、公厕管养」的指标值「28条道路，53.91万平方，」含2个数值（28条道路、53.91万平方），" \
           "请拆成2行三级指标，每行一个数值和单位" in found
    assert len(found) == 4


def test_seed_att2_and_att3_name_mismatches_are_reported(seed_filing):
    found = [(f.data["line_name"], f.data["sheet_name"]) for f in validate_filing(seed_filing)
             if f.code == "R12_NAME_MISMATCH"]
    assert sorted(found) == sorted([
        ("环卫作业服务费", "井龙街道辖区内环卫作业费"),
        ("社区(网格员)人员资金", "社区网格员工资、保险福利等人员经费"),
        ("社区人员经费", "社区人员经费及运转经费"),
        ("网格化管理事件所需支出", "网格化管理事件处理"),
        ("专项业务经费", "街道党建、城管、妇联、计生、基层武装、综治维稳等开支"),
    ])


def test_seed_satisfaction_copied_into_every_form_is_an_info(seed_filing):
    found = [f for f in validate_filing(seed_filing) if f.code == "R13_COPIED_VALUE"]
    assert [(f.severity, f.message) for f in found] == [
        ("info", "满意度指标值「90%」在附件1和全部5张附件3中完全相同，请按各项目的实际情况分别测算")]


def test_seed_findings_are_json_serialisable(seed_filing):
    import json

    data = json.loads(json.dumps([f.to_dict() for f in validate_filing(seed_filing)], ensure_ascii=False))
    assert data[0]["severity"] == "error" and data[0]["severity_label"] == "错误"
    assert {"code", "severity", "message", "location", "data"} <= set(data[0])
