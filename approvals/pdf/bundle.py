"""A district's filings bound into one PDF: each filing rendered on its own, then merged.

Rendering a whole district as one WeasyPrint document would hold every page's layout in memory
at once (craft.md B.3 #4); one filing at a time keeps memory flat, and pypdf merging is cheap.
"""

from io import BytesIO

from pypdf import PdfWriter

from budgets.models import District, Filing

from .render import render_filing_pdf


def find_district(term):
    for field in ("code", "name", "short_name"):
        found = list(District.objects.filter(**{field: term})[:2])
        if len(found) == 1:
            return found[0]
    raise District.DoesNotExist(f"没有找到区「{term}」（可用区划代码、名称或简称）")


def latest_filings(district, year):
    """The newest version of each of the departments' forms for the year (the packet and every
    项目支出 form: each is its own series), in the district's order."""
    return (
        Filing.objects.filter(department__district=district, year=year)
        .latest()
        .select_related("department")
        .order_by("department__order", "department__code", "form_no")
    )


def bind(parts, out):
    """Write [(outline title, pdf bytes), …] to the file object out as one PDF, one outline entry
    per part with the part's own bookmarks nested under it."""
    writer = PdfWriter()
    for title, pdf in parts:
        writer.append(BytesIO(pdf), outline_item=title)
    writer.write(out)


def render_bundle(filings, out, progress=None):
    """Render every filing and bind them; progress wraps the iteration (e.g. tqdm)."""
    filings = list(filings)
    iterator = progress(filings) if progress else filings
    parts = ((f"{f.department_name}（{f.year}年）", render_filing_pdf(f)) for f in iterator)
    bind(parts, out)
    return filings
