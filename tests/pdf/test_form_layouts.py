"""Form layouts (版式) are data: each filing prints its own layout's columns, labels and attachments."""

import pytest

from approvals.pdf import render_filing_pdf
from budgets.services.packets import create_filing_from_packet

from .conftest import page_texts, squash, write_pdf


def chongqing_packet():
    """The 2022 巴南区一品街道 整体表: one flat 指标名称 list, one money figure, no 附件2/3."""
    rows = [("预算执行率", "20", "%", "=", "100"), ("“三公”经费控制率", "20", "%", "≤", "100"),
            ("辖区安全生产", "30", "", "", "有效保障"), ("人居环境", "30", "", "", "有效改善")]
    return {
        "year": 2022, "framework": "hunan-2021", "layout": "chongqing-2022", "department_name": "一品街道办事处",
        "total_amount": "4107.58", "overall_goal": "保障街道正常运转，完成年度重点工作。",
        "indicators": [{"name": n, "weight": w, "unit": u, "operator": o, "value_text": v} for n, w, u, o, v in rows],
    }


@pytest.fixture
def chongqing_filing(frameworks, jinglong):
    return create_filing_from_packet(chongqing_packet(), department=jinglong)


def test_a_chongqing_filing_prints_one_page_of_its_own_columns_and_no_attachment_2_or_3(tmp_path, chongqing_filing):
    pages = page_texts(write_pdf(tmp_path, render_filing_pdf(chongqing_filing)))
    assert len(pages) == 1
    text = pages[0]
    assert "附件2" not in text and "附件3" not in text and "专项资金" not in text
    assert "绩效指标指标名称指标权重计量单位指标性质指标值" in text
    assert "预算执行率20%=100" in text
    assert "区级支出预算总量：4107.58" in text
    assert "按收入性质分" not in text and "部门职责概述" not in text and "年度重点工作计划" not in text


def test_a_chongqing_filing_keeps_its_blank_operator_blank(chongqing_filing):
    # The layout has its own 指标性质 column: a row the form left blank is not given one by parsing.
    operators = dict(chongqing_filing.indicators.values_list("name", "operator"))
    assert operators["辖区安全生产"] == ""
    assert operators["预算执行率"] == "="


def test_a_101_filing_prints_its_explanation_and_scoring_rule_cells(tmp_path, frameworks, jinglong):
    filing = create_filing_from_packet({
        "year": 2024, "framework": "mof-101", "department_name": "石峰区井龙街道办事处", "total_amount": "10",
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value_text": "1000",
                        "operator": "≥", "value_number": "1000", "unit": "人次", "weight": "30",
                        "explanation": "全年参训人次", "scoring_rule": "每少100人次扣1分"}],
    }, department=jinglong)
    assert filing.layout.code == "mof-101"
    text = squash("".join(page_texts(write_pdf(tmp_path, render_filing_pdf(filing, (1,))))))
    assert "培训人次≥1000人次30全年参训人次每少100人次扣1分" in text


def test_a_one_table_filing_with_attachment_1_indicators_prints_them(tmp_path, frameworks, jinglong, client, clerk_a):
    # 四川2023 prints every project in one table; rows stored without a project (an import, an
    # earlier layout) still print, in a 附件1 table of their own without the project's columns.
    filing = create_filing_from_packet({
        "year": 2023, "framework": "hunan-2021", "layout": "sichuan-2023-dept", "department_name": "马踏镇",
        "total_amount": "10",
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "部门整体指标", "value_text": "≥3个"}],
        "sub_items": [{"name": "道路维护", "sheet": {"order": 1, "name": "道路维护项目", "annual_goal": "维护道路",
                       "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "维护里程",
                                       "value_text": "≥10公里"}]}}],
    }, department=jinglong)
    text = squash("".join(page_texts(write_pdf(tmp_path, render_filing_pdf(filing)))))
    assert "部门整体指标" in text and "维护里程" in text and "道路维护项目" in text
    client.force_login(clerk_a)
    page = client.get(f"/filings/{filing.pk}/")
    assert page.status_code == 200 and "部门整体指标" in page.content.decode()
