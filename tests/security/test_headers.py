"""Security headers: a strict Content-Security-Policy, and filings that no cache keeps."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline <script>, style="", on…="" handlers."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self._in_inline_script = True
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def our_pages(client, clerk_a, seed_filing):
    """Our own pages, each as the clerk gets it."""
    pages = {"login": client.get(reverse("login"))}
    client.force_login(clerk_a)
    pages["home"] = client.get(reverse("home"))
    pages["filing"] = client.get(reverse("filing_detail", args=[seed_filing.pk]))
    pages["404"] = client.get("/no-such-page/")
    return pages


def test_every_page_sends_the_strict_policy(our_pages):
    for name, response in our_pages.items():
        got = directives(response)
        for directive, value in REQUIRED_DIRECTIVES.items():
            assert got.get(directive) == value, (name, directive, response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in got["script-src"] and "'unsafe-inline'" not in got["style-src"], name


def test_our_pages_have_no_inline_script_or_style(our_pages):
    for name, response in our_pages.items():
        assert inline_code(response.content.decode()) == [], name


def test_our_pages_need_no_nonce(our_pages):
    # A nonce is only sent where a page asks for one; ours load everything from static files.
    for name, response in our_pages.items():
        assert "nonce-" not in response["Content-Security-Policy"], name


def test_the_year_filter_still_submits_through_our_static_script(our_pages):
    html = our_pages["home"].content.decode()
    assert "data-autosubmit" in html and "/static/js/jixiao.js" in html


def test_the_admin_marks_its_own_tags_with_the_nonce_the_header_allows(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = client.get(reverse("admin:budgets_filing_changelist"))
    nonce = directives(response)["script-src"].split("'nonce-")[1].rstrip("'")
    tags = re.findall(r"<(?:script|style)\b[^>]*>", response.content.decode())
    assert tags and all(f'nonce="{nonce}"' in tag for tag in tags), tags


def test_the_import_pages_style_comes_from_a_static_file(client, admin_user, frameworks):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_filing_import")).content.decode()
    assert "/static/css/importexport.css" in html and "<style>" not in html


def no_store(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


def test_the_filing_list_and_the_filing_page_are_never_cached(our_pages):
    assert no_store(our_pages["home"])
    assert no_store(our_pages["filing"])


def test_pdf_downloads_are_never_cached(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    response = client.get(reverse("filing_attachment_pdf", args=[seed_filing.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert no_store(response)
