import pytest

from approvals.pdf import render_filing_pdf
from tests.pdf.conftest import page_count, pdftotext, squash, weasyprint_warnings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_pdf(project_filing, tmp_path):
    path = tmp_path / "project.pdf"
    path.write_bytes(render_filing_pdf(project_filing))
    return path


def test_project_pdf_is_one_document_with_its_header_and_no_attachment_pages(project_pdf):
    text = squash(pdftotext(project_pdf))

    assert page_count(project_pdf) == 1
    assert "项目支出绩效目标（申报）表" in text
    assert "附件1" not in text
    assert "附件2" not in text
    assert "部门整体支出绩效目标表" not in text
    assert "项目名称老旧小区提质改造" in text
    assert "金额单位：万元" in text


def test_project_pdf_prints_tick_boxes_as_printed_and_the_cost_total(project_pdf):
    text = squash(pdftotext(project_pdf))

    assert "项目属性新增项目□延续项目√" in text
    assert "合计968.19" in text
    assert "项目资金资金总额968.1918" in text
    assert "居民满意度≥90%" in text
    assert "填报人：李四" in text


def test_project_filing_page_offers_one_pdf_and_no_attachment_downloads(project_filing, client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(f"/filings/{project_filing.pk}/").content.decode()

    assert 'data-testid="pdf-packet"' in html
    assert 'data-testid="pdf-att1"' not in html
