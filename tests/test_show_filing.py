from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def show(*args):
    out = StringIO()
    call_command("show_filing", *args, stdout=out)
    return out.getvalue()


def test_show_filing_prints_the_forms_in_reading_order(seed_filing):
    text = show("jinglong", "2021")
    positions = [text.index(s) for s in ["附件1", "附件2", "附件3（1/5）", "附件3（5/5）"]]
    assert positions == sorted(positions)
    assert "资金总额：1482.9 万元" in text
    assert "效益指标 | 经济效益 | 积极做好城市各项管理工作，促进经济和社会全面进步 | 增长 |" in text
    assert "产出指标 | 产出成本 | 环卫作业服务费 | 全年12个月，每月55.83万元 |" in text
    assert text.count("效益指标 | 生态效益 |") == 6


def test_show_filing_finds_the_department_by_part_of_its_name(seed_filing):
    assert "石峰区井龙街道办事处" in show("井龙", "2021")


def test_show_filing_says_clearly_when_there_is_no_such_filing(seed_filing):
    with pytest.raises(CommandError, match="没有 2020 年的部门整体支出绩效目标申报"):
        show("jinglong", "2020")
    with pytest.raises(CommandError, match="没有找到部门"):
        show("不存在的部门", "2021")


@pytest.mark.parametrize("term", ["石峰区井龙街道办事处", "JINGLONG", " jinglong ", "井龙街道办事处", "井龙"])
def test_department_is_found_by_code_name_or_printed_full_name(seed_filing, term):
    assert "2021年 石峰区井龙街道办事处" in show(term, "2021")


def test_show_filing_prints_implementation_period_indicators_in_their_own_block(seed_filing):
    from budgets.models import Indicator

    row = Indicator.objects.filter(filing=seed_filing, sheet__isnull=True).exclude(name="").first()
    Indicator.objects.filter(pk=row.pk).update(period=Indicator.Period.IMPLEMENTATION)
    text = show("jinglong", "2021")
    block = text.split("实施期绩效指标（1行）：", 1)[1].split("年度绩效指标", 1)[0]
    assert row.name.replace("\n", "⏎") in block
    assert "年度绩效指标（" in text


def test_a_printed_tier_with_a_line_break_stays_on_its_rows_line(seed_filing):
    # Real forms print 「经济效益⏎指标」 in a narrow 二级 cell; the row must still read as one line.
    from budgets.models import Indicator

    row = Indicator.objects.filter(filing=seed_filing, sheet__isnull=True).exclude(name="").first()
    Indicator.objects.filter(pk=row.pk).update(level2_name="经济效益\n指标")
    line = next(s for s in show("jinglong", "2021").splitlines() if row.name.replace("\n", "⏎") in s)
    assert line.startswith(f"    {row.level1_name} | 经济效益⏎指标 | ")
