"""PDF test helpers: WeasyPrint warnings fail the test, the seed packet is rendered once per session."""

import logging
import re
import shutil
import subprocess

import pytest

from approvals.pdf import render_filing_pdf

# Every render in these tests is watched; a .notdef (tofu) or any other WeasyPrint warning fails.
_SESSION_PDFS = {}


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def weasyprint_warnings():
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector.records
    finally:
        logger.removeHandler(collector)
    messages = [r.getMessage() for r in collector.records]
    assert not messages, "WeasyPrint warned while rendering:\n" + "\n".join(messages)


@pytest.fixture(scope="session", autouse=True)
def poppler():
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils (pdftotext, pdffonts, pdftoppm) is required: scripts/system-deps.sh")


@pytest.fixture
def seed_pdf(seed_filing, tmp_path_factory):
    """The seed packet (a draft) as a PDF file; rendered by the first test that asks, then reused."""
    if "seed" not in _SESSION_PDFS:
        path = tmp_path_factory.mktemp("seed") / "seed.pdf"
        path.write_bytes(render_filing_pdf(seed_filing))
        _SESSION_PDFS["seed"] = path
    return _SESSION_PDFS["seed"]


def pdftotext(path, first=None, last=None):
    """Text in content order (-raw keeps each table cell's lines together)."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def squash(text):
    """Whitespace removed: table cells wrap wherever the column width says."""
    return re.sub(r"\s+", "", text or "")


def page_count(path):
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_texts(path):
    return [squash(pdftotext(path, n)) for n in range(1, page_count(path) + 1)]


def write_pdf(tmp_path, data, name="out.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path
