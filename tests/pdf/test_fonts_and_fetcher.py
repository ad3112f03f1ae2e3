"""Fonts come from files through our fetcher; nothing else is fetched; tofu fails the tests."""

import subprocess

import pytest

from approvals.pdf.fetcher import FileURLFetcher, RefusedURL
from approvals.pdf.fonts import font_face_css, font_files, font_stack
from approvals.pdf.render import PdfRenderError, html_to_pdf


def test_fonts_are_single_sc_faces():
    from fontTools.ttLib import TTFont

    files = font_files()
    assert set(files) == {400, 700}
    for path in files.values():
        font = TTFont(str(path), lazy=True)
        assert font["name"].getDebugName(1) == "Noto Serif CJK SC"


def test_fetcher_serves_the_font_files():
    path = font_files()[400]
    response = FileURLFetcher().fetch(path.as_uri())
    assert response.read(4) == b"OTTO"
    response.close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/static/print/x.css",
    "https://example.com/seal.png",
    "file:///etc/passwd",
    "data:text/plain,hi",
])
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        FileURLFetcher().fetch(url)


def test_missing_glyph_is_caught(weasyprint_warnings):
    # U+10FFFD (private use) is in no font: the watch in conftest must see WeasyPrint's warning.
    html_to_pdf('<html lang="zh-CN"><body><p>预算绩效目标 \U0010fffd</p></body></html>')
    messages = [r.getMessage() for r in weasyprint_warnings]
    assert any(".notdef" in m for m in messages), messages
    weasyprint_warnings.clear()


def test_common_characters_render_without_tofu():
    # Full-width forms, symbols and rarer hanzi that turn up in filings.
    html_to_pdf('<html lang="zh-CN"><body><p>≥≤％‰㎡℃①②③ＡＢＣ１２３ 「」『』《》〔〕—…· 鳌 魑魅 犇 龘 镕 堃 喆</p></body></html>')


def test_character_outside_the_subset_falls_back_to_system_noto(tmp_path):
    # 𠮷 (U+20BB7, Extension B, seen in personal names) is not in our subset (nor in the SC face);
    # fontconfig finds it in the system's Noto CJK, so a rare name never turns into tofu.
    path = tmp_path / "rare.pdf"
    style = f"<style>{font_face_css()} body {{ font-family: {font_stack()}; }}</style>"
    path.write_bytes(html_to_pdf(f'<html lang="zh-CN"><head>{style}</head><body><p>项目负责人：\U00020bb7田</p></body></html>'))
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Serif-CJK-SC-Print" in out and out.count("Noto") == 2, out


def test_a_font_that_cannot_be_read_stops_the_render():
    # Better no PDF than one printed in a fallback font: the fetcher fails the render.
    style = '<style>@font-face { font-family: X; src: url("http://127.0.0.1:1/x.otf"); } body { font-family: X; }</style>'
    with pytest.raises(PdfRenderError, match="无法读取字体"):
        html_to_pdf(f'<html lang="zh-CN"><head>{style}</head><body><p>预算</p></body></html>')
