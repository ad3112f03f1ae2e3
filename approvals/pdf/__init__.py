"""The official PDFs: 附件1–3 printed in their official layouts with WeasyPrint."""

from .layout import ATTACHMENTS
from .render import PdfRenderError, pdf_filename, render_filing_pdf, render_html

__all__ = ["ATTACHMENTS", "PdfRenderError", "pdf_filename", "render_filing_pdf", "render_html"]
