"""HTML → PDF with WeasyPrint: our own template engine, fonts from files, one font setup per thread.

The print templates run on a private template engine: they need no request, no context
processors, and their filters (approvals.pdf.filters) stay out of the site's templates.
"""

import logging
import threading

from django.conf import settings
from django.template import Context, Engine
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from .fetcher import FileURLFetcher
from .fonts import font_face_css, font_stack
from .layout import ATTACHMENTS, build_context

logger = logging.getLogger(__name__)

_engine = None
_local = threading.local()


class PdfRenderError(Exception):
    """Rendering failed; the message is shown to users as is."""


def engine():
    global _engine
    if _engine is None:
        _engine = Engine(
            dirs=[settings.BASE_DIR / "templates"],
            libraries={"print": "approvals.pdf.filters"},
            debug=settings.DEBUG,
        )
    return _engine


def font_config():
    # A FontConfiguration remembers the @font-face files it has loaded; reusing it saves reading
    # two 25 MB fonts per render. Pango font maps are not thread-safe, hence one per thread.
    fc = getattr(_local, "font_config", None)
    if fc is None:
        fc = _local.font_config = FontConfiguration()
    return fc


def render_html(filing, attachments=ATTACHMENTS, loose=False):
    """The print HTML; loose drops the keep-together rules (see render_filing_pdf)."""
    context = build_context(filing, attachments)
    context.update(font_face_css=font_face_css(), font_stack=font_stack(), loose=loose)
    return engine().get_template("print/packet.html").render(Context(context))


class LayoutGaveUp(Exception):
    """WeasyPrint could not place a block it was told to keep on one page (it asserts)."""


def html_to_pdf(html):
    try:
        document = HTML(string=html, url_fetcher=FileURLFetcher()).render(font_config=font_config())
        return document.write_pdf()
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: catch it by name
        logger.exception("PDF rendering could not load a resource")
        raise PdfRenderError("生成PDF时无法读取字体或样式文件，请联系管理员。") from exc
    except AssertionError as exc:  # `assert not page_is_empty`: a kept-together block taller than a page
        raise LayoutGaveUp from exc


def render_filing_pdf(filing, attachments=ATTACHMENTS):
    """The filing's attachments (all three by default) as one PDF, as bytes."""
    attachments = tuple(attachments)
    if not attachments or any(a not in ATTACHMENTS for a in attachments):
        raise ValueError(f"附件编号只能是 1、2、3：{attachments!r}")
    try:
        return html_to_pdf(render_html(filing, attachments))
    except LayoutGaveUp:
        # The page-size estimate (approvals/pdf/measure.py) let through a piece taller than a page.
        # Print it anyway, every row free to break where the page ends: all the text, labels once.
        logger.warning("PDF of filing %s: a kept-together group did not fit a page; printed loose", filing.pk)
        return html_to_pdf(render_html(filing, attachments, loose=True))


def pdf_filename(filing, attachments=ATTACHMENTS):
    attachments = tuple(attachments)
    if filing.is_project:
        return f"{filing.year}年{filing.department_name}项目支出绩效目标表（第{filing.version}版）.pdf".replace("（第1版）", "")
    what = "绩效目标表" if attachments == ATTACHMENTS else "附件" + "、".join(map(str, attachments))
    version = f"（第{filing.version}版）" if filing.version > 1 else ""
    return f"{filing.year}年{filing.department_name}{version}{what}.pdf"
