"""A PDF's text as a reader finds it, and whether a typed text is all there.

A cell that breaks across pages prints its first part at the foot of one page and the rest at the
top of the next, with the page number, the marker and the repeated header row in between; so a text
counts as printed when it reads, in order, as a run of pieces on consecutive pages.
"""

import io
import re

from pypdf import PdfReader


def norm(text):
    """Whitespace and line breaks removed (cells wrap wherever their width says)."""
    return re.sub(r"\s+", "", text or "")


def pdf_pages(data):
    """Each page's text (pypdf), normalised."""
    return [norm(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def _longest_prefix_on(page, text):
    """Length of the longest prefix of text found on the page (a found prefix's prefixes are found too)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text[:mid] in page:
            lo = mid
        else:
            hi = mid - 1
    return lo


def is_printed(text, pages):
    """The text, normalised, is on one page or reads on as pieces on consecutive pages."""
    text = norm(text)
    if not text:
        return True
    for start in range(len(pages)):
        rest, page = text, start
        while rest and page < len(pages):
            found = _longest_prefix_on(pages[page], rest)
            if not found:
                break
            rest, page = rest[found:], page + 1
        if not rest:
            return True
    return False
