"""python manage.py render_pdf: one filing, one attachment, a district bound into one PDF."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from budgets.models import AuditEntry
from budgets.services.packets import create_filing_from_packet

from .conftest import pdftotext, squash


def test_one_attachment(tmp_path, seed_filing):
    out = tmp_path / "att2.pdf"
    call_command("render_pdf", "jinglong", "2021", "-o", str(out), "--attachment", "2", stdout=StringIO())
    text = squash(pdftotext(out))
    assert "2021年专项资金预算绩效目标汇总表" in text and "部门整体支出绩效目标表" not in text
    assert AuditEntry.objects.filter(action="filing.printed", filing=seed_filing).exists()


def test_unknown_department_or_year(tmp_path, seed_filing):
    with pytest.raises(CommandError, match="没有找到部门"):
        call_command("render_pdf", "nowhere", "2021", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="没有 2019 年的部门整体支出绩效目标申报"):
        call_command("render_pdf", "井龙街道办事处", "2019", "-o", str(tmp_path / "x.pdf"))


def test_district_bundle(tmp_path, seed_filing, seed_packet, xiangshiling):
    second = create_filing_from_packet({**seed_packet, "department_name": "石峰区响石岭街道办事处"},
                                       department=xiangshiling)
    out = tmp_path / "district.pdf"
    err = StringIO()
    call_command("render_pdf", "--district", "石峰区", "--year", "2021", "-o", str(out), stdout=StringIO(), stderr=err)
    reader = PdfReader(BytesIO(out.read_bytes()))
    assert len(reader.pages) == 16
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [t.title for t in top] == ["石峰区井龙街道办事处（2021年）", "石峰区响石岭街道办事处（2021年）"]
    assert reader.get_destination_page_number(top[1]) == 8
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert nested[0][0].title == "附件1 2021年部门整体支出绩效目标表"
    assert AuditEntry.objects.filter(action="filing.printed", filing=second).exists()


def test_district_needs_a_year_and_a_known_district(tmp_path, seed_filing):
    with pytest.raises(CommandError, match="--year"):
        call_command("render_pdf", "--district", "石峰区", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="没有找到区"):
        call_command("render_pdf", "--district", "火星区", "--year", "2021", "-o", str(tmp_path / "x.pdf"))


def test_bad_output_paths_get_a_message_not_a_traceback(tmp_path, seed_filing):
    with pytest.raises(CommandError, match="不存在"):
        call_command("render_pdf", "jinglong", "2021", "-o", str(tmp_path / "missing" / "x.pdf"))
    with pytest.raises(CommandError, match="是一个目录"):
        call_command("render_pdf", "jinglong", "2021", "-o", str(tmp_path))


def test_district_and_department_together_are_refused(tmp_path, seed_filing):
    with pytest.raises(CommandError, match="不能同时给出部门"):
        call_command("render_pdf", "jinglong", "2021", "--district", "石峰区", "--year", "2021",
                     "-o", str(tmp_path / "b.pdf"))


def test_a_single_attachment_pdf_is_titled_with_its_attachment(tmp_path, seed_filing):
    import pypdf

    out = tmp_path / "a2.pdf"
    call_command("render_pdf", "jinglong", "2021", "--attachment", "2", "-o", str(out))
    assert pypdf.PdfReader(out).metadata.title == "2021年石峰区井龙街道办事处绩效目标表 附件2"
