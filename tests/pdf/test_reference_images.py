"""The seed packet's pages against stored pictures of them, so any layout change is seen.

Pages are rasterised at 30 dpi in grey (small files, insensitive to antialiasing noise) and
compared pixel by pixel with a tolerance. After an intended layout change, look at the new
pages, then regenerate: UPDATE_PDF_REFERENCE=1 .venv/bin/pytest tests/pdf/test_reference_images.py
"""

import os
import subprocess
from pathlib import Path

from PIL import Image, ImageChops

from approvals.pdf import render_filing_pdf
from budgets.models import Indicator

REFERENCE = Path(__file__).with_name("reference")
DPI = 30
# A pixel counts as changed when its grey level moves by more than this (0–255)…
PIXEL_THRESHOLD = 32
# …and a page fails when more than this share of its pixels (about 9 of a page's 87,000) changed.
# Two more characters in one cell change 34; re-rendering with the pinned WeasyPrint,
# fonts and poppler changes none, so the margin is there for antialiasing noise only.
PAGE_TOLERANCE = 0.0001


def rasterise(pdf, out_dir):
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))


def changed_share(a, b):
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > PIXEL_THRESHOLD else 0)
    return diff.histogram()[255] / (a.width * a.height)


def test_seed_pages_match_reference(seed_pdf, tmp_path):
    pages = rasterise(seed_pdf, tmp_path)
    if os.environ.get("UPDATE_PDF_REFERENCE") == "1":
        REFERENCE.mkdir(exist_ok=True)
        for old in REFERENCE.glob("seed-page-*.png"):
            old.unlink()
        for i, page in enumerate(pages, start=1):
            Image.open(page).save(REFERENCE / f"seed-page-{i}.png", optimize=True)
    references = sorted(REFERENCE.glob("seed-page-*.png"), key=lambda p: int(p.stem.split("-")[2]))
    assert len(pages) == len(references), f"{len(pages)} pages now, {len(references)} in the reference"
    failures = []
    for i, (page, ref) in enumerate(zip(pages, references, strict=True), start=1):
        now, then = Image.open(page).convert("L"), Image.open(ref).convert("L")
        if now.size != then.size:
            failures.append(f"page {i}: size {now.size} vs {then.size}")
            continue
        share = changed_share(now, then)
        if share > PAGE_TOLERANCE:
            failures.append(f"page {i}: {share:.2%} of pixels changed")
    assert not failures, "layout changed: " + "; ".join(failures) + " (see the module docstring)"


def test_a_small_change_is_seen(seed_filing, tmp_path):
    # One 三级 wording on page 1 gains two characters: the comparison must notice.
    Indicator.objects.filter(filing=seed_filing, name="辖区内居民").update(name="辖区内常住居民")
    pdf = tmp_path / "changed.pdf"
    pdf.write_bytes(render_filing_pdf(seed_filing, (1,)))
    page = Image.open(rasterise(pdf, tmp_path)[0]).convert("L")
    share = changed_share(page, Image.open(REFERENCE / "seed-page-1.png").convert("L"))
    assert share > PAGE_TOLERANCE
