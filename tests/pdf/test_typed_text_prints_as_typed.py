"""What was typed shows as typed, on the filing page and in the PDF: 「it's」 stays 「it's」, numbers stay whole."""

from html.parser import HTMLParser

from django.urls import reverse

from approvals.pdf import render_filing_pdf
from budgets.models import Indicator
from budgets.templatetags.jixiao import nobreak

from .conftest import pdftotext, squash, write_pdf

TYPED = "it's 12 o'clock: 1,234.5 < 2 & \"3\""


class _Text(HTMLParser):
    """The text a browser shows: entities decoded, markup gone (a broken entity stays as printed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def shown(html):
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def test_nobreak_keeps_quotes_and_ampersands_and_still_keeps_numbers_whole():
    html = nobreak(TYPED)
    assert shown(html) == TYPED
    assert '<span class="num">1,234.5</span>' in html and '<span class="num">12</span>' in html
    assert "<" not in shown(html).replace("< 2", "")  # the typed 「<」 is text, not markup


def test_an_apostrophe_shows_as_typed_on_the_filing_page(client, seed_filing, clerk_a):
    Indicator.objects.filter(filing=seed_filing, name="辖区内居民").update(name=TYPED)
    client.force_login(clerk_a)
    page = shown(client.get(reverse("filing_detail", args=[seed_filing.pk])).content.decode())
    assert TYPED in page
    assert "&#x27;" not in page


def test_an_apostrophe_prints_as_typed_in_the_pdf(seed_filing, tmp_path):
    Indicator.objects.filter(filing=seed_filing, name="辖区内居民").update(name=TYPED)
    text = pdftotext(write_pdf(tmp_path, render_filing_pdf(seed_filing, (1,))))
    assert squash(TYPED) in squash(text)
    assert "&#x27;" not in text
