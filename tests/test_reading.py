"""One reading order for every view of a filing (web page, show_filing, PDF): budgets.reading."""

from budgets.reading import read_filing
from budgets.text import filing_as_text

from .test_filing_pages import mof101_filing_with_funding


def kinds(section):
    return [b.kind if b.kind != "indicators" else b.title for b in section.blocks]


def test_the_seed_reads_att1_then_att2_then_five_sheets_each_in_form_order(seed_filing):
    reading = read_filing(seed_filing)
    assert [(s.label, s.anchor) for s in reading.sections] == [
        ("附件1", "att1"), ("附件2", "att2"), *[("附件3", f"att3-{i}") for i in range(1, 6)]]
    assert kinds(reading.sections[0]) == ["money", "text", "key_tasks", "年度绩效指标"]
    assert kinds(reading.sections[1]) == ["sub_items"]
    for sheet in reading.sections[2:]:
        assert kinds(sheet) == ["sheet_header", "sheet_goals", "年度绩效指标"]
    # 56 indicator rows in all, each in exactly one block.
    assert sum(len(b.indicators) for b in reading.blocks() if b.kind == "indicators") == 56


def test_a_101_filing_reads_overall_goal_after_key_tasks_funding_and_implementation_before_annual(frameworks, jinglong):
    reading = read_filing(mof101_filing_with_funding(jinglong))
    assert reading.split
    assert kinds(reading.sections[0]) == ["money", "text", "key_tasks", "text", "年度绩效指标"]
    assert [b.label for b in reading.sections[0].blocks if b.kind == "text"] == ["部门职责概述", "年度总体目标"]
    assert kinds(reading.sections[2]) == ["sheet_header", "funding", "sheet_goals", "实施期绩效指标", "年度绩效指标"]


def test_show_filing_text_follows_the_same_order_with_split_columns_and_funding(frameworks, jinglong):
    text = filing_as_text(mof101_filing_with_funding(jinglong))
    order = ["部门职责概述", "年度重点工作计划", "年度总体目标", "年度绩效指标（1行）", "附件2",
             "资金构成：一般公共预算拨款 100；其他资金 20.5", "实施期绩效指标（1行）", "年度绩效指标（1行）"]
    at = 0
    for piece in order:  # each found after the one before
        at = text.index(piece, at) + len(piece)
    assert "产出指标 | 数量指标 | 年度培训人次 | ≥ | 1000 | 人次 | 30 |" in text
