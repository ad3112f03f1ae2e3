"""Ten real published 预算绩效目标表 (tests/data/forms) through import, show_filing and the PDF.

Every non-empty transcribed cell is followed (tests/real_forms.py): where it went in the import
format, whether the database holds it (read back through the export), whether show_filing's text
and the PDF's text carry it. Comparisons remove whitespace runs only. A cell is lost when the PDF
does not print it, either because the format has no place for it or because a layout does not
print the column it went to. Every cell of every form is stored, shown and printed today, so the
ceilings below are all 0: a form added later starts at its honest number and works down from there.
benchmarks/real_forms_report.py prints the same table.
"""

import re

import pytest

from budgets.validation import validate_filing
from tests.real_form_checks import counts, pdf_text, run_form
from tests.real_forms import form_paths

PATHS = {path.name[:2]: path for path in form_paths()}

# Non-empty cells found in each transcription. Equal to its cells_total, except 07 (cells_total 135):
# its last, truncated row has an empty 指标方向性, which this count does not include.
CELLS = {"01": 61, "02": 32, "03": 70, "04": 62, "05": 70, "06": 61, "07": 134, "08": 119, "09": 46, "10": 57}

# Cells the PDF does not print, per form. Never raise these.
LOST_CEILING = {"01": 0, "02": 0, "03": 0, "04": 0, "05": 0, "06": 0, "07": 0, "08": 0, "09": 0, "10": 0}


@pytest.fixture
def imported(db, district, frameworks, request):
    return run_form(PATHS[request.param], pdf_text)


@pytest.mark.parametrize("imported", sorted(PATHS), indirect=True)
def test_real_form_imports_and_loses_no_more_cells_than_recorded(imported):
    loaded, result, filing, _shown = imported

    assert result.ok, [str(p) for p in result.problems]
    assert filing.origin == filing.Origin.IMPORTED
    c = counts(loaded)
    assert c["cells"] == CELLS[loaded.code]
    lost = [f"{cell.where}: {cell.text[:20]!r} → {cell.place or cell.reason}" for cell in loaded.cells if not cell.printed]
    assert c["lost"] <= LOST_CEILING[loaded.code], "\n".join(lost)


@pytest.mark.parametrize("imported", sorted(PATHS), indirect=True)
def test_every_cell_with_a_place_in_the_format_is_stored_as_printed(imported):
    loaded, _result, _filing, _shown = imported

    not_stored = [f"{c.where} → {c.place}: {c.text!r}" for c in loaded.placed if not c.stored]
    assert not_stored == []


@pytest.mark.parametrize("imported", sorted(PATHS), indirect=True)
def test_every_cell_without_a_place_says_why(imported):
    loaded, _result, _filing, _shown = imported

    assert [c.where for c in loaded.lost if not c.reason] == []


@pytest.mark.parametrize("imported", ["04"], indirect=True)
def test_hunan_2023_satisfaction_under_benefit_keeps_its_printed_tiers_and_is_not_remapped(imported):
    loaded, _result, filing, shown = imported

    row = [c for c in loaded.cells if c.text == "市民满意度"]
    assert [c.printed for c in row] == [True]
    assert "    效益指标 | 社会公众或服务对象满意度指标 | 市民满意度 | ≥90% | " in shown
    indicator = filing.indicators.get(name="市民满意度")
    assert (indicator.level1_name, indicator.level2_name) == ("效益指标", "社会公众或服务对象满意度指标")
    assert indicator.level2.name == "服务对象满意度指标"  # linked through mof-88's alias, printed as printed
    assert filing.indicators.count() == 10


@pytest.mark.parametrize("imported", ["06"], indirect=True)
def test_an_amount_printed_with_words_is_kept_as_printed_and_read_where_it_can_be(imported):
    _loaded, result, filing, shown = imported

    form = filing.project_form
    assert form.amount_text == "854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"
    assert str(form.amount) == "854.000000"
    row = form.money_rows.get(label="其中:财政拨款")
    assert row.amount is None and row.amount_text.startswith("854万854万")
    findings = validate_filing(filing)
    unread = [f for f in findings if f.code == "R01_AMOUNT_UNREAD"]
    assert len(unread) == 1 and unread[0].message.startswith("项目资金「其中:财政拨款」填的是「854万854万")
    assert "（2022年度）" not in pdf_text(filing)  # the form's own 「(2022年度)」 line replaces ours


@pytest.mark.parametrize("imported", ["08"], indirect=True)
def test_a_form_that_prints_tiers_on_every_row_is_printed_so(imported):
    _loaded, _result, filing, _shown = imported

    text = "".join(pdf_text(filing).split())  # the narrow 一级 column wraps its names
    rows = filing.indicators.filter(level1_name="产出指标").count()
    assert rows == 11
    assert len(re.findall("产出指标(?:数量|质量|时效|成本)指标", text)) == rows  # its 一级 printed on each row
    assert "出差人数正向=8" in text  # 指标性质 (正向/反向) then 指标方向 (=), in the form's order


@pytest.mark.parametrize("imported", ["03"], indirect=True)
def test_a_form_with_long_term_and_annual_side_by_side_prints_them_in_one_table(imported):
    _loaded, _result, filing, shown = imported

    text = "".join(pdf_text(filing).split())
    assert "绩效项目指标表一级指标二级指标(长期)三级指标(长期)指标值(长期)二级指标(年度)三级指标(年度)指标值(年度)" in text
    assert "产出指标数量指标数量指标重点建设工程安排数量2" in text  # one printed row: 一级, its 长期 half, its 年度 half
    assert "    一级指标 | 二级指标(长期) | 三级指标(长期) | 指标值(长期)" in shown
    assert filing.indicators.filter(period="implementation").count() == filing.indicators.filter(period="annual").count()


@pytest.mark.parametrize("imported", ["07"], indirect=True)
def test_a_unit_that_lists_its_projects_in_one_table_prints_one_table_in_yuan(imported):
    _loaded, _result, filing, shown = imported

    raw = pdf_text(filing)
    text = "".join(raw.split())
    assert "部门预算项目绩效目标申报表（2023年度）" in text and "金额单位：元" in text
    assert "附件3" not in text and "附件2" not in text and "第1页共1页" in text
    # A project's own cells once, merged over its rows, then its first row.
    assert "820001-井研县马踏镇人民政府村组干部报酬3309840.00按时发放村组干部报酬效益指标社会效益指标维护社会稳定" in text
    assert filing.money_unit == "元"
    assert "    单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标" in shown


@pytest.mark.parametrize("imported", ["02"], indirect=True)
def test_the_88_style_income_and_expense_grid_prints_under_the_forms_own_labels(imported):
    _loaded, _result, filing, shown = imported

    text = "".join(pdf_text(filing).split())
    assert "2021年部门(单位)整体支出绩效目标申报表" in text
    assert "收入构成当年金额支出构成当年金额财政拨款968.1918基本支出7242318" in text  # the 基本支出 wart as printed
    assert "合计968.1918" in text and "资金总额：" not in text
    assert "  收入构成（当年金额）：财政拨款 968.1918；其他资金 ；合计 968.1918" in shown


@pytest.mark.parametrize("imported", ["07"], indirect=True)
def test_validation_asks_a_one_table_form_only_for_what_its_layout_prints(imported):
    _loaded, _result, filing, _shown = imported

    findings = validate_filing(filing)
    codes = {(f.code, f.location.label) for f in findings}
    assert not [f for f in findings if f.code == "R04_SHEET_AMOUNT"]  # no 附件2 to match
    assert not [f for f in findings if f.code == "R01_HEADER_MISSING"]  # no 所属专项, 实施期, 附件1 amounts printed
    assert not [f for f in findings if f.code == "R05_LEVEL1_MISSING" and f.location.label == "附件1"]
    assert ("R05_WEIGHT_TOTAL", "附件3（1）「村组干部报酬」 · 权重") in codes  # its 权重 add up to 90, not 100
    assert all("万元" not in f.message for f in findings)  # its amounts are in 元
