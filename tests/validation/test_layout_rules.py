"""Validation follows the filing's layout (版式): its 计量单位 / 指标性质 / 指标值类型 / 权重 columns,
its weights' total and its indicator blocks."""

from decimal import Decimal

from budgets.validation import validate_filing

from .builders import build, codes, messages, packet, sheet_rows


def split(data, layout="mof-101"):
    """The clean packet on a split layout: operator and unit in their own cells, weights adding up."""
    data["layout"] = layout
    tables = [data["indicators"]] + [s["sheet"]["indicators"] for s in data["sub_items"]]
    for rows in tables:
        for row in rows:
            text = row["value_text"]
            for op in "≥≤=":
                if text.startswith(op):
                    row["operator"], text = op, text[1:]
            if text.endswith("%"):
                row["unit"], text = "%", text[:-1]
            row["value_text"] = text
        share = Decimal(100) / len(rows)
        for row in rows:
            row["weight"] = str(share.quantize(Decimal("0.01")))
        rows[-1]["weight"] = str(Decimal(100) - share.quantize(Decimal("0.01")) * (len(rows) - 1))
    return data


def on_att1_row(findings, order):
    return [f for f in findings if f.location.attachment == "附件1" and f.location.row == order]


def test_the_split_clean_packet_has_no_finding_on_its_percentages(frameworks, jinglong):
    findings = validate_filing(build(jinglong, split(packet())))
    assert on_att1_row(findings, 2) == []  # 「95」 in 指标值 with 「%」 in 计量单位
    assert "R05_WEIGHT_TOTAL" not in codes(findings)


def test_a_unit_in_its_own_cell_is_not_a_unit_in_the_value(frameworks, jinglong):
    data = split(packet())
    data["indicators"][1].update(value_text="95%", unit="%")
    assert on_att1_row(validate_filing(build(jinglong, data)), 2) == []


def test_a_unit_typed_only_into_the_value_is_a_warning(frameworks, jinglong):
    data = split(packet())
    data["indicators"][1].update(value_text="95%", unit="")
    assert codes(on_att1_row(validate_filing(build(jinglong, data)), 2)) == ["R08_UNIT_IN_VALUE"]


def test_weights_that_miss_the_layouts_total_are_one_error_with_both_numbers(frameworks, jinglong):
    data = split(packet())
    data["indicators"][0]["weight"] = "10"  # was 20
    found = [f for f in validate_filing(build(jinglong, data)) if f.code == "R05_WEIGHT_TOTAL"]
    assert [(f.location.label, f.message, f.severity) for f in found] == [
        ("附件1 · 权重", "附件1权重合计90，本表样规定合计为100，相差10", "error")]


def test_a_layout_whose_weights_total_90_accepts_90(frameworks, jinglong):
    from indicators.models import FormLayout

    FormLayout.objects.filter(code="mof-101").update(weight_total=Decimal(90))
    data = split(packet())
    data["indicators"][0]["weight"] = "10"  # 附件1 adds up to 90 now, each 附件3 still to 100
    found = [f.location.label for f in validate_filing(build(jinglong, data)) if f.code == "R05_WEIGHT_TOTAL"]
    assert found == ["附件3（1）「环卫作业服务费」 · 权重", "附件3（2）「社区网格员经费」 · 权重"]


def test_weights_are_not_checked_on_a_layout_without_a_weight_column(frameworks, jinglong):
    data = packet()
    data["indicators"][0]["weight"] = "10"
    assert "R05_WEIGHT_TOTAL" not in codes(validate_filing(build(jinglong, data)))


def test_weights_add_up_per_block(frameworks, jinglong):
    data = split(packet())
    rows = sheet_rows(data, 0)
    # The same six rows again as 实施期指标, weights adding up to 80 there.
    long_term = [dict(r, period="implementation", weight=w) for r, w in zip(rows, ["20", "20", "20", "10", "10", "0"],
                                                                            strict=True)]
    data["sub_items"][0]["sheet"]["indicators"] = long_term + rows
    found = messages(validate_filing(build(jinglong, data)), "R05_WEIGHT_TOTAL")
    assert found == ["附件3（1）「环卫作业服务费」实施期绩效指标权重合计80，本表样规定合计为100，相差20"]


def test_a_quantitative_row_with_words_is_one_value_type_error(frameworks, jinglong):
    data = packet(layout="hunan-2023")
    data["indicators"][0].update(value_text="按计划完成", value_type="定量", unit="")
    assert codes(on_att1_row(validate_filing(build(jinglong, data)), 1)) == ["R06_VALUE_TYPE"]


def test_a_qualitative_row_with_a_percentage_is_a_value_type_error(frameworks, jinglong):
    data = packet(layout="hunan-2023")
    data["indicators"][1].update(value_text="≥95%", value_type="定性", unit="")
    found = on_att1_row(validate_filing(build(jinglong, data)), 2)
    assert [(f.code, f.message) for f in found] == [(
        "R06_VALUE_TYPE", "产出质量「公共服务事项办结率」标为定性指标，指标值却是百分比「≥95%」：请改为定量指标，"
        "或改用定性分级（达成年度指标／部分达成年度指标并具有一定效果／未达成年度指标且效果较差）")]


def test_a_qualitative_row_in_words_is_not_free_text(frameworks, jinglong):
    data = packet(layout="hunan-2023")
    data["indicators"][2].update(value_text="按时完成", value_type="定性")
    assert on_att1_row(validate_filing(build(jinglong, data)), 3) == []


def test_satisfaction_is_required_in_each_block(frameworks, jinglong):
    data = packet()
    rows = sheet_rows(data, 0)
    long_term = [dict(r, period="implementation") for r in rows if r["level2"] != "社会公众及服务对象满意度"]
    data["sub_items"][0]["sheet"]["indicators"] = long_term + rows
    found = messages(validate_filing(build(jinglong, data)), "R05_LEVEL2_MISSING")
    assert found == ["附件3（1）「环卫作业服务费」实施期绩效指标缺少二级指标「效益指标 / 社会公众及服务对象满意度」："
                     "至少填写一个有指标值的三级指标"]


def test_a_number_without_name_operator_and_unit_is_one_finding(frameworks, jinglong):
    data = split(packet())
    data["indicators"][0].update(name="", operator="", unit="", value_text="3")
    found = on_att1_row(validate_filing(build(jinglong, data)), 1)
    assert [(f.code, f.message, f.location.field) for f in found] == [(
        "R06_NAME_MISSING", "产出数量的指标值「3」缺少三级指标名称、指标性质和计量单位，请补全", "name")]
    assert found[0].data["missing"] == ["R06_NAME_MISSING", "R06_OPERATOR_MISSING", "R06_UNIT_MISSING"]
