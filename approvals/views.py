"""PDF downloads of a filing: the whole packet, or one attachment."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from approvals.pdf import ATTACHMENTS, PdfRenderError, pdf_filename, render_filing_pdf
from budgets.access import get_filing_for_user
from budgets.audit import log_action
from budgets.views import private_no_store

logger = logging.getLogger(__name__)


@private_no_store
@login_required
def filing_pdf(request, pk, attachment=None):
    # Scope first: outside the user's filings this is a 404, whatever the attachment number.
    filing = get_filing_for_user(request.user, pk)
    if attachment is not None and attachment not in ATTACHMENTS:
        raise Http404("没有这个附件。")
    attachments = ATTACHMENTS if attachment is None else (attachment,)
    try:
        pdf = render_filing_pdf(filing, attachments)
    except PdfRenderError as exc:
        return _render_failed(request, filing, str(exc))
    except Exception:
        logger.exception("PDF rendering failed for filing %s", filing.pk)
        return _render_failed(request, filing, "生成PDF时出现错误，错误已记录。请稍后重试；如果问题持续，请联系管理员。")
    log_action("filing.printed", actor=request.user, filing=filing, attachments=list(attachments))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, pdf_filename(filing, attachments))
    return response


def _render_failed(request, filing, message):
    # 503, not 500: the filing is fine and nothing was lost; printing can be retried.
    return render(request, "approvals/pdf_error.html", {"filing": filing, "message": message}, status=503)
