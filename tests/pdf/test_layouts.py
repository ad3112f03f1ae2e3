"""Layouts that follow the filing: 101号 columns, 实施期 and 年度 blocks, project header fields, and
indicator groups that keep their 一级/二级 labels across page breaks."""

from decimal import Decimal

import pytest

from approvals.pdf import render_filing_pdf
from budgets.models import Indicator, ProjectSheet
from budgets.services.packets import create_filing_from_packet

from .conftest import page_texts, pdftotext, squash, write_pdf


def _ind(level1, level2, name, value, period="annual", **extra):
    return {"level1": level1, "level2": level2, "name": name, "value_text": value, "period": period, **extra}


def mof101_packet():
    indicators = [
        _ind("成本指标", "经济成本指标", "设备购置成本", "≤120万元", "implementation", operator="≤",
             value_number="120", unit="万元"),
        _ind("产出指标", "数量指标", "培训人次", "≥3000人次", "implementation", operator="≥",
             value_number="3000", unit="人次"),
        _ind("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "implementation", operator="≥",
             value_number="90", unit="%"),
        _ind("成本指标", "经济成本指标", "年度培训经费", "≤40万元", operator="≤", value_number="40", unit="万元"),
        _ind("产出指标", "数量指标", "年度培训人次", "≥1000人次", operator="≥", value_number="1000", unit="人次"),
        _ind("产出指标", "质量指标", "考核合格率", "≥95%", operator="≥", value_number="95", unit="%"),
        _ind("效益指标", "社会效益指标", "基层治理能力", "明显提升", operator="定性"),
        _ind("满意度指标", "服务对象满意度指标", "年度满意度", "≥92%", operator="≥", value_number="92", unit="%"),
    ]
    return {
        "year": 2024, "framework": "mof-101", "department_name": "石峰区井龙街道办事处",
        "total_amount": "300", "income_general": "300", "expense_basic": "100", "expense_project": "200",
        "duties": "负责辖区社会治理。", "overall_goal": "完成基层干部轮训。",
        "key_tasks": [{"item": "干部轮训", "responsible": "党建办", "goal": "全年轮训", "amount": "40"}],
        "indicators": indicators[3:],
        "sub_items": [{
            "seq": "一", "name": "基层干部培训", "amount": "120", "period_goal": "三年轮训一遍", "annual_goal": "年度轮训三分之一",
            "sheet": {"order": 1, "name": "基层干部培训项目", "fund_text": "党建专项", "amount": "120",
                      "period_text": "2024.1.1-2026.12.31", "period_goal": "三年轮训一遍",
                      "annual_goal": "年度轮训三分之一", "indicators": indicators},
        }],
    }


@pytest.fixture
def mof101_filing(frameworks, jinglong):
    filing = create_filing_from_packet(mof101_packet(), department=jinglong)
    Indicator.objects.filter(filing=filing, name__in=["设备购置成本", "年度培训经费"]).update(weight=Decimal("20.00"))
    ProjectSheet.objects.filter(sub_item__filing=filing).update(
        implementing_unit="井龙街道党建办", project_leader="李明", attribute=ProjectSheet.Attribute.NEW,
        category="培训类", basis="《干部教育培训工作条例》",
    )
    return filing


def test_101_filing_prints_split_columns_and_both_blocks(tmp_path, mof101_filing):
    path = write_pdf(tmp_path, render_filing_pdf(mof101_filing))
    pages = page_texts(path)
    text = "".join(pages)
    # The 101号 layout's columns in its order: 指标解释 and 评(扣)分标准 are printed, there is no 备注.
    header = "一级指标二级指标三级指标指标性质指标值计量单位权重指标解释评(扣)分标准"
    assert "年度绩效指标" + header in text
    assert "实施期绩效指标" + header in text
    # Structured parts in their own columns: operator, number, unit, weight.
    assert "设备购置成本≤120万元20" in text
    assert "年度培训人次≥1000人次" in text
    assert "基层治理能力定性明显提升" in text
    # 实施期 block before the 年度 block on the 附件3 sheet.
    sheet = next(p for p in pages if "基层干部培训项目" in p and "所属专项" in p)
    assert sheet.index("实施期绩效指标") < sheet.index("年度绩效指标")
    # Project header fields, and the modern 附件1 parts (年度总体目标, 预算金额 per task).
    for piece in ["实施单位井龙街道党建办", "项目负责人李明", "项目属性新增", "项目类别培训类", "立项依据《干部教育培训工作条例》"]:
        assert piece in text
    assert "年度总体目标完成基层干部轮训。" in text
    assert "预算金额" in text and "干部轮训党建办全年轮训40" in text


def test_seed_layout_has_no_split_columns(seed_filing, tmp_path):
    text = squash(pdftotext(write_pdf(tmp_path, render_filing_pdf(seed_filing, (1,)))))
    assert "指标性质" not in text and "权重" not in text and "实施期绩效指标" not in text


def long_packet():
    """附件1 with far more indicators than fit on a page, some groups taller than a page."""
    # 产出数量 alone is taller than a page; the others fit one by one but not together.
    groups = [("产出指标", "产出数量", 40), ("产出指标", "产出质量", 9), ("产出指标", "产出时效", 6),
              ("产出指标", "产出成本", 6), ("效益指标", "社会效益", 8), ("效益指标", "可持续影响", 8),
              ("效益指标", "社会公众及服务对象满意度", 3)]
    indicators = []
    for level1, level2, n in groups:
        for i in range(1, n + 1):
            name = f"{level2}第{i}项指标" + "（说明文字较长，需要在单元格内换行显示）" * (i % 3)
            indicators.append(_ind(level1, level2, name, f"{90 + i % 10}%"))
    return {"year": 2022, "framework": "hunan-2021", "department_name": "石峰区井龙街道办事处",
            "total_amount": "10", "income_general": "10", "duties": "职责。", "key_tasks": [],
            "indicators": indicators, "sub_items": []}


def test_long_indicator_tables_keep_labels_on_every_page(tmp_path, frameworks, jinglong):
    filing = create_filing_from_packet(long_packet(), department=jinglong)
    pages = page_texts(write_pdf(tmp_path, render_filing_pdf(filing, (1,))))
    indicator_pages = [p for p in pages if "项指标" in p]
    assert len(indicator_pages) >= 4
    assert sum(squash(ind.name) in "".join(pages) for ind in Indicator.objects.filter(filing=filing)) == 80
    for page in indicator_pages:
        # The header row repeats, and every row's 一级 and 二级 labels are on the row's page.
        assert "年度绩效指标一级指标二级指标三级指标指标值备注" in page
        for ind in Indicator.objects.filter(filing=filing).select_related("level2__level1"):
            if squash(ind.name) in page:
                assert ind.level2.level1.name in page and ind.level2.name in page, (ind.name, page[:80])
