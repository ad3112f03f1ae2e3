"""草稿 across drafts, 历史导入 on imported history, nothing on approved forms; no seal, ever."""

from approvals.pdf import render_filing_pdf, render_html
from budgets.models import Filing

from .conftest import pdftotext, squash, write_pdf


def _text(tmp_path, filing):
    filing.refresh_from_db()
    return squash(pdftotext(write_pdf(tmp_path, render_filing_pdf(filing, (2,)))))


def test_draft_carries_the_draft_watermark(tmp_path, seed_filing):
    text = _text(tmp_path, seed_filing)
    assert "草稿" in text and "历史导入" not in text


def test_approved_filing_is_clean(tmp_path, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.APPROVED)
    text = _text(tmp_path, seed_filing)
    assert "草稿" not in text and "历史导入" not in text


def test_imported_filing_is_marked_as_history_not_draft(tmp_path, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED, status=Filing.Status.APPROVED)
    text = _text(tmp_path, seed_filing)
    assert "历史导入" in text and "草稿" not in text
    # Imported but never approved is still history, not a draft.
    Filing.objects.filter(pk=seed_filing.pk).update(status=Filing.Status.DRAFT)
    text = _text(tmp_path, seed_filing)
    assert "历史导入" in text and "草稿" not in text


def test_seal_areas_are_left_blank(seed_filing):
    html = render_html(seed_filing)
    # No image at all (a seal would be one) and the 盖章 wording is text only.
    assert "<img" not in html and "<svg" not in html and "url(data:" not in html
    assert html.split("<body>")[1].count("（盖章）") == 7  # 附件1, 附件2, five 附件3
