"""The demo's 2021 井龙街道 filing holds exactly what the original document says, warts included."""

import hashlib
from decimal import Decimal

import pytest

from budgets.models.money import format_money
from budgets.packet import lines_total, load_packet

from .conftest import SEED_TEXT
from .seed_text import parse_seed


@pytest.fixture(scope="module")
def seed():
    return parse_seed(SEED_TEXT.read_text(encoding="utf-8"))


@pytest.fixture
def packet(seed_filing):
    return load_packet(seed_filing)


def rows_of(indicators):
    return [(i.level2.level1.name, i.level2.name, i.name, i.value_text, i.remark) for i in indicators]


def seed_rows(indicators):
    return [(i.level1, i.level2, i.name, i.value, i.remark) for i in indicators]


def test_the_seed_text_is_the_copy_the_project_received():
    # tests/data/README.md: byte-exact, so a stripped trailing space or a CRLF checkout shows here.
    digest = hashlib.sha256(SEED_TEXT.read_bytes()).hexdigest()
    assert digest == "132aaeebc238d3a363c59de8e29befe2eeb4dbb9051c15b132389293d44192b1"


def test_the_parser_reads_the_whole_seed(seed):
    assert len(seed.indicators) + sum(len(s.indicators) for s in seed.sheets) == 56
    assert len(seed.sheets) == 5
    assert len(seed.att2_rows) == 10


def test_attachment_1_header_amounts_match_the_original(seed, packet):
    f = packet.filing
    assert f.department_name == seed.department_name == "石峰区井龙街道办事处"
    assert f.total_amount == Decimal(seed.total) == Decimal("1482.9")
    assert format_money(f.income_general) == seed.income["一般公共预算拨款"]
    assert f.income_gov_fund is None and seed.income["政府性基金拨款"] == ""
    assert f.income_other is None and seed.income["其他资金"] == ""
    assert format_money(f.expense_basic) == seed.expense["基本支出"] == "462.21"
    assert format_money(f.expense_project) == seed.expense["项目支出"] == "1020.69"


def test_duties_keep_the_original_typos(seed, packet):
    assert packet.filing.duties == seed.duties
    assert "监餐行政执法" in packet.filing.duties and "区城性" in packet.filing.duties


def test_key_tasks_match_row_by_row(seed, packet):
    assert [(t.item, t.responsible, t.goal) for t in packet.key_tasks] == seed.key_tasks
    assert packet.key_tasks[1].responsible == "井龙街道、三个村、三个街道"


def test_attachment_1_indicators_match_including_empty_rows(seed, packet):
    assert rows_of(packet.indicators) == seed_rows(seed.indicators)
    assert sum(1 for i in packet.indicators if i.is_empty) == 1  # 生态效益


def test_attachment_2_rows_amounts_and_goals_match(seed, packet):
    loaded = []
    for lp in packet.lines:
        for line in [lp.line, *lp.children]:
            loaded.append((line.seq, line.name, format_money(line.amount), line.period_goal, line.annual_goal))
    assert loaded == seed.att2_rows
    assert format_money(lines_total(packet)) == seed.att2_total == "1020.69"
    five = packet.lines[4]
    assert [c.name for c in five.children] == ["党建", "城管工作", "妇联、计生", "青年武装建设", "综治维稳"]
    assert sum(c.amount for c in five.children) == five.line.amount == Decimal("40")


def test_each_attachment_3_sheet_matches_in_order(seed, packet):
    assert len(packet.sheets) == len(seed.sheets)
    for sp, expected in zip(packet.sheets, seed.sheets, strict=True):
        s = sp.sheet
        assert (s.name, s.fund_text, format_money(s.amount), s.period_text, s.period_goal, s.annual_goal) == (
            expected.name, expected.fund_text, expected.amount, expected.period, expected.period_goal,
            expected.annual_goal,
        )
        assert rows_of(sp.indicators) == seed_rows(expected.indicators)


def test_each_sheet_belongs_to_the_attachment_2_row_with_its_amount(packet):
    assert len(packet.sheets) == 5
    for sp in packet.sheets:
        assert sp.sheet.amount == sp.line.amount
        assert sp.line.parent_id is None
    # The sheet keeps its own wording where it differs from 附件2.
    sanitation = next(sp for sp in packet.sheets if sp.line.seq == "一")
    assert sanitation.line.name == "环卫作业服务费"
    assert sanitation.sheet.name == "井龙街道辖区内环卫作业费"
    assert sanitation.sheet.fund_text == "环卫作业服务费"


def test_all_56_indicator_rows_are_kept_with_the_ten_empty_ones(packet):
    assert len(packet.all_indicators) == 56
    assert sum(1 for i in packet.all_indicators if not i.value_text.strip()) == 10


def test_sheet_periods_are_read_as_dates_and_kept_as_written(packet):
    import datetime

    assert len(packet.sheets) == 5
    for sp in packet.sheets:
        assert sp.sheet.period_text == "2021.1.1-2021.12.31"
        assert sp.sheet.period_start == datetime.date(2021, 1, 1)
        assert sp.sheet.period_end == datetime.date(2021, 12, 31)


def test_single_measure_values_get_their_structured_parts(packet):
    by_value = {i.value_text: i for i in packet.all_indicators}
    assert (by_value["95%"].value_number, by_value["95%"].unit) == (Decimal("95"), "%")
    assert (by_value["24人"].value_number, by_value["24人"].unit) == (Decimal("24"), "人")
    assert by_value["增长"].value_number is None
