"""A number never breaks inside a table cell: 12345678.6789 in the narrow 附件2 金额 column, or in a
goal's text, prints on one line."""

from approvals.pdf import render_filing_pdf
from tests.validation.builders import build, packet

from .conftest import pdftotext, write_pdf

LONG = "12345678.6789"
WIDE = "123456789012.678901"  # wider than the 支出方向 column's line at this size


def test_a_long_amount_and_a_number_in_a_goal_stay_on_one_line(frameworks, jinglong, tmp_path):
    data = packet()
    line = data["sub_items"][0]
    line["amount"] = LONG
    line["sheet"]["amount"] = LONG
    line["period_goal"] = f"全年保洁面积达到{LONG}平方米，道路清扫保洁全覆盖"
    line["annual_goal"] = f"完成{LONG}平方米保洁"
    line["name"] = line["sheet"]["name"] = f"环卫作业服务费{WIDE}元"
    path = write_pdf(tmp_path, render_filing_pdf(build(jinglong, data)))
    lines = pdftotext(path).splitlines()
    # 附件2 金额 and 合计 (12345678.6789 + 80), 附件3 项目金额, two goals on 附件2 and the 附件3 copy of them.
    assert sum(LONG in text for text in lines) >= 4
    assert "12345758.6789" in "\n".join(lines)  # 合计 at the places typed
    assert sum(WIDE in text for text in lines) >= 2  # 附件2 row and the 附件3 header's name
    broken = [text for text in lines if text.endswith(("12345678.", "12345678", "1234567")) and LONG not in text]
    assert broken == []
