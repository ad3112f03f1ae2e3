"""Indicator groups taller than a page, and cells taller than a page, print: the group breaks between
rows under a repeated header with its 一级/二级 labels again, a row taller than a page breaks inside."""

import pytest

from approvals.pdf import render_filing_pdf
from budgets.services.packets import create_filing_from_packet

from .builders import RULE_65, project_filing
from .printed import is_printed, pdf_pages

SCORING_HEADER = "一级指标二级指标分值指标内容指标值评分细则"


def _scoring_rows(n, rule, level2s=("数量指标",), level1="产出指标"):
    return [{"level1_name": level1, "level2_name": level2s[i * len(level2s) // n], "name": f"第{i + 1}项改造任务",
             "value_text": "≥95%", "weight": 10, "scoring_rule": rule} for i in range(n)]


def _pages(filing, attachments=(1, 2, 3)):
    return pdf_pages(render_filing_pdf(filing, attachments))


@pytest.mark.parametrize("rows", [
    pytest.param(_scoring_rows(5, RULE_65), id="five 65-character rules under one 二级"),
    pytest.param(_scoring_rows(10, RULE_65[:30]), id="ten 30-character rules"),
    pytest.param(_scoring_rows(9, RULE_65, level2s=("数量指标", "质量指标", "时效指标")), id="nine rows, three 二级"),
])
def test_a_scoring_form_with_long_rules_prints_every_rule(frameworks, jinglong, rows):
    pages = _pages(project_filing(jinglong, "scoring-2021", rows))
    for row in rows:
        assert is_printed(row["name"] + "≥95%" + row["scoring_rule"], pages)


def test_a_group_taller_than_a_page_continues_with_header_and_labels(frameworks, jinglong):
    rows = _scoring_rows(24, RULE_65)
    pages = _pages(project_filing(jinglong, "scoring-2021", rows))
    with_rows = [p for p in pages if "项改造任务" in p]
    assert len(with_rows) >= 2
    for page in with_rows:
        # Each page of the group: the header row, then the group's 一级 and 二级 before its first row.
        assert SCORING_HEADER in page
        assert page.index(SCORING_HEADER) < page.index("产出指标数量指标") < page.index("项改造任务")
    # No row is cut: each row's cells read whole on one page.
    assert sum(any(f"{row['name']}≥95%{RULE_65}" in p for p in pages) for row in rows) == 24


def test_a_cell_taller_than_a_page_breaks_inside_its_row(frameworks, jinglong):
    long_rule = "".join(f"第{i}条：{RULE_65}" for i in range(1, 40))  # about 2,700 characters
    rows = _scoring_rows(2, RULE_65) + [{"level1_name": "效益指标", "level2_name": "社会效益指标", "name": "居民满意度",
                                         "value_text": "≥90%", "weight": 10, "scoring_rule": long_rule}]
    pages = _pages(project_filing(jinglong, "scoring-2021", rows))
    assert is_printed(long_rule, pages)
    assert len([p for p in pages if "条：完成全年目标" in p]) >= 2
    # The continuation page repeats the header row; the row's own cells continue below it.
    last = next(p for p in pages if "第39条" in p)
    assert last.index(SCORING_HEADER) < last.index("第39条")


@pytest.mark.parametrize("column", ["name", "value_text", "scoring_rule"])
def test_a_thousand_character_cell_prints_in_each_column(frameworks, jinglong, column):
    text = ("城市更新" + "老旧小区改造提质增效，" * 5 + "it's <ok> & \"done\"") * 7  # about 1,000 characters
    row = {"level1_name": "产出指标", "level2_name": "数量指标", "name": "改造小区个数", "value_text": "≥10个",
           "weight": 10, "scoring_rule": "少一个扣1分"} | {column: text}
    assert is_printed(text, _pages(project_filing(jinglong, "scoring-2021", [row])))


def test_attachment_1_prints_a_long_remark_in_a_group_holding_a_long_name(frameworks, jinglong):
    remark = ("本指标按季度统计，数据来源于街道统计报表与第三方评估报告；" * 8)[:200]
    name = "辖区内老旧小区改造、背街小巷整治、社区服务设施提质等民生实事项目按期完成率" * 3
    indicators = [{"level1": "产出指标", "level2": "产出数量", "name": f"产出数量第{i}项", "value_text": "≥95%"}
                  for i in range(1, 5)]
    indicators[1] |= {"name": name}
    indicators[2] |= {"remark": remark}
    filing = create_filing_from_packet({
        "year": 2022, "framework": "hunan-2021", "department_name": "石峰区井龙街道办事处", "total_amount": "10",
        "income_general": "10", "duties": "职责。", "key_tasks": [], "indicators": indicators, "sub_items": [],
    }, department=jinglong)
    pages = _pages(filing, (1,))
    assert is_printed(name, pages) and is_printed(remark, pages)


def test_when_the_estimate_is_wrong_the_filing_still_prints_every_row(frameworks, jinglong, monkeypatch, caplog):
    # Make the page-size estimate believe any group fits: WeasyPrint then gives up on the kept-together
    # group, and the second, loose try prints it anyway.
    monkeypatch.setattr("approvals.pdf.layout.page_budget_mm", lambda header_mm: 10_000)
    rows = _scoring_rows(24, RULE_65)
    pages = _pages(project_filing(jinglong, "scoring-2021", rows))
    assert all(is_printed(row["name"] + "≥95%" + RULE_65, pages) for row in rows)
    assert "printed loose" in caplog.text


def test_the_filing_page_download_answers_a_pdf_for_a_tall_group(client, frameworks, jinglong, clerk_a):
    filing = project_filing(jinglong, "scoring-2021", _scoring_rows(5, RULE_65))
    client.force_login(clerk_a)
    response = client.get(f"/filings/{filing.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
