"""The seed packet printed: fonts, every text cell and amount, the forms' fixed wording, bookmarks."""

import json
import subprocess
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from budgets.demo.loader import SEED_PACKET
from budgets.models.money import format_money

from .conftest import page_texts, pdftotext, squash


def seed_strings():
    """Every text cell and amount of the seed packet, as printed (whitespace does not count)."""
    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    money = {"total_amount", "income_general", "expense_basic", "expense_project", "amount"}
    out = []

    def add(row, fields):
        for f in fields:
            value = row.get(f)
            if value in (None, ""):
                continue
            out.append(format_money(Decimal(value)) if f in money else str(value))

    add(packet, ["department_name", "duties", "total_amount", "income_general", "expense_basic", "expense_project"])
    for task in packet["key_tasks"]:
        add(task, ["item", "responsible", "goal"])
    indicator_fields = ["level1", "level2", "name", "value_text", "remark"]
    for ind in packet["indicators"]:
        add(ind, indicator_fields)
    for line in packet["sub_items"]:
        add(line, ["seq", "name", "amount", "period_goal", "annual_goal"])
        for child in line.get("children", []):
            add(child, ["name", "amount", "period_goal", "annual_goal"])
        sheet = line.get("sheet")
        if sheet:
            add(sheet, ["name", "fund_text", "amount", "period_text", "period_goal", "annual_goal"])
            for ind in sheet["indicators"]:
                add(ind, indicator_fields)
    return [s for s in (squash(x) for x in out) if s]


def test_embeds_noto_serif_cjk(seed_pdf):
    out = subprocess.run(["pdffonts", str(seed_pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows, out
    for row in rows:
        # name … emb sub uni: every font is an embedded subset of Noto Serif CJK SC.
        assert "Noto-Serif-CJK-SC" in row[0], out
        assert row[-5] == "yes", out
    assert any("Bold" in row[0] for row in rows), "the titles print in the bold face"


def test_every_seed_cell_and_amount_is_printed(seed_pdf):
    text = squash(pdftotext(seed_pdf))
    strings = seed_strings()
    assert len(strings) > 250
    missing = [s for s in strings if s not in text]
    assert not missing, f"{len(missing)} seed strings missing from the PDF, e.g. {missing[:5]}"
    # 附件2 合计 is computed, not stored.
    assert "合计1020.69" in text


def test_fixed_wording_of_the_forms(seed_pdf):
    pages = page_texts(seed_pdf)
    text = "".join(pages)
    # The seed is a draft: its 「草稿」 mark, then the title, first on the first page.
    assert pages[0].startswith("草稿附件12021年部门整体支出绩效目标表")
    assert "填报单位：（盖章）" in pages[0] and "金额单位：万元" in pages[0]
    assert "年度预算申请（万元）" in pages[0] and "按收入性质分" in pages[0] and "按支出性质分" in pages[0]
    assert "年度绩效指标一级指标二级指标三级指标指标值备注" in text
    assert text.count("项目主管部门：（盖章）") == 6  # 附件2 and five 附件3
    assert "序号支出方向（子项）金额实施期绩效目标年度绩效目标" in text
    # 序号 一…五 on the top rows, child rows of 五 unnumbered right under it.
    for row in ["一环卫作业服务费669.9", "二社区(网格员)人员资金151.17", "三社区人员经费144.62",
                "四网格化管理事件所需支出15", "五专项业务经费40"]:
        assert row in text
    assert text.index("五专项业务经费40") < text.index("党建8") < text.index("综治维稳12")
    assert text.count("2021年专项资金支出方向绩效目标表") == 5


def test_bookmarks_in_order_and_each_sheet_on_its_own_pages(seed_pdf):
    reader = PdfReader(BytesIO(seed_pdf.read_bytes()))
    titles = [item.title for item in reader.outline]
    assert titles[:2] == ["附件1 2021年部门整体支出绩效目标表", "附件2 2021年专项资金预算绩效目标汇总表"]
    assert titles[2:] == [
        "附件3（1/5） 社区人员经费及运转经费",
        "附件3（2/5） 井龙街道辖区内环卫作业费",
        "附件3（3/5） 街道党建、城管、妇联、计生、基层武装、综治维稳等开支",
        "附件3（4/5） 网格化管理事件处理",
        "附件3（5/5） 社区网格员工资、保险福利等人员经费",
    ]
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages == sorted(set(pages)), "every attachment and every 附件3 starts a page of its own"
    texts = page_texts(seed_pdf)
    for page in pages[2:]:
        assert texts[page].lstrip("草稿").startswith("附件3"), texts[page][:40]


def test_page_numbers_and_document_metadata(seed_pdf):
    pages = page_texts(seed_pdf)
    n = len(pages)
    assert n >= 7  # 附件1, 附件2 and five 附件3 each start a page
    for i, text in enumerate(pages, start=1):
        assert f"第{i}页共{n}页" in text
    meta = PdfReader(BytesIO(seed_pdf.read_bytes())).metadata
    assert meta.title == "2021年石峰区井龙街道办事处绩效目标表"
