"""The one typeface of the printed forms: Noto Serif CJK SC, regular and bold, as plain OTF files.

Debian ships Noto CJK as TrueType collections (JP, KR, SC, TC, HK in one ~25 MB face each).
Handing a collection to @font-face would let fontconfig pick any of the five faces (Japanese glyph
forms on a Chinese form) and copy ~50 MB per render. So, once per machine, the SC face is cut down
with HarfBuzz to the characters Chinese forms use (all of GBK and far beyond: CJK Unified
Ideographs and Extension A, punctuation, full-width forms, symbols) and written to the font cache
folder. That takes under a second per weight (fontTools needed ~100 s), and per render it saves
~140 MB of peak memory and ~10 % of PDF size. A character outside the subset still prints, from
the system's full Noto CJK (second in the font stack); one in no font at all logs a .notdef
warning, which the tests turn into a failure.
"""

import ctypes.util
import hashlib
import os
import threading
from pathlib import Path

from cffi import FFI
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Family name used in the CSS. Not the system's name, so fontconfig can never substitute the
# system collection (and its JP face) for our file; PDFs still show it as Noto-Serif-CJK-SC-….
FAMILY = "Noto Serif CJK SC Print"
FALLBACK_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'

SOURCE_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk")]
# weight: (collection file, output name); the SC face is index 2 in Debian's collections, checked
# by name below.
FACES = {400: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular"), 700: ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold")}
SC_INDEX = 2
SC_FAMILY = "Noto Serif CJK SC"
UNICODE_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F),  # Latin
    (0x2000, 0x2BFF),  # punctuation, letterlike, number forms, arrows, maths, enclosed ①, shapes
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x33FF),  # CJK punctuation, kana, enclosed CJK, ㎡ and other CJK compatibility
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),  # Extension A, Unified, compatibility ideographs
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # vertical and full-width forms
]

_lock = threading.Lock()
_ffi = FFI()
_ffi.cdef("""
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
    hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
    hb_blob_t *hb_face_reference_blob(hb_face_t *face);
    const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
    void hb_blob_destroy(hb_blob_t *blob);
    void hb_face_destroy(hb_face_t *face);
    uint32_t hb_tag_from_string(const char *str, int len);
    void hb_set_add_range(hb_set_t *set, uint32_t first, uint32_t last);
    void hb_set_del(hb_set_t *set, uint32_t codepoint);
    hb_subset_input_t *hb_subset_input_create_or_fail(void);
    void hb_subset_input_destroy(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
    hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
""")
HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6


def font_dir():
    """Writable cache folder for the prepared faces (var/print-fonts unless PRINT_FONT_DIR is set)."""
    configured = getattr(settings, "PRINT_FONT_DIR", None) or os.environ.get("PRINT_FONT_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "print-fonts"


def _find_source(name):
    for folder in SOURCE_DIRS:
        if (folder / name).exists():
            return folder / name
    raise ImproperlyConfigured(f"找不到字体文件 {name}：请安装 fonts-noto-cjk（scripts/system-deps.sh）。")


def _recipe_tag(source):
    # A new font package or a new character list gives a new file name, so stale caches are
    # never used.
    stat = source.stat()
    key = f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}:{UNICODE_RANGES}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]


def _subset_sc(source, out_path):
    lib = ctypes.util.find_library("harfbuzz")
    lib_subset = ctypes.util.find_library("harfbuzz-subset")
    if not lib or not lib_subset:
        raise ImproperlyConfigured("缺少 HarfBuzz 子集库：请安装 libharfbuzz-subset0（scripts/system-deps.sh）。")
    hb, hbs = _ffi.dlopen(lib), _ffi.dlopen(lib_subset)
    blob = hb.hb_blob_create_from_file_or_fail(str(source).encode())
    if blob == _ffi.NULL:
        raise ImproperlyConfigured(f"无法读取字体文件 {source}")
    face = hb.hb_face_create(blob, SC_INDEX)
    subset_input = hbs.hb_subset_input_create_or_fail()
    result = out_blob = _ffi.NULL
    try:
        unicodes = hbs.hb_subset_input_unicode_set(subset_input)
        for first, last in UNICODE_RANGES:
            hb.hb_set_add_range(unicodes, first, last)
        # locl would pull in the JP/KR/TC glyph variants (half the font) for text we never print.
        features = hbs.hb_subset_input_set(subset_input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG)
        hb.hb_set_del(features, hb.hb_tag_from_string(b"locl", -1))
        result = hbs.hb_subset_or_fail(face, subset_input)
        if result == _ffi.NULL:
            raise ImproperlyConfigured(f"无法生成 {source} 的字体子集")
        out_blob = hb.hb_face_reference_blob(result)
        length = _ffi.new("unsigned int *")
        data = bytes(_ffi.buffer(hb.hb_blob_get_data(out_blob, length), length[0]))
    finally:
        for pointer, destroy in ((out_blob, hb.hb_blob_destroy), (result, hb.hb_face_destroy),
                                 (subset_input, hbs.hb_subset_input_destroy), (face, hb.hb_face_destroy),
                                 (blob, hb.hb_blob_destroy)):
            if pointer != _ffi.NULL:
                destroy(pointer)
    _check_family(data, source)
    tmp = out_path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out_path)  # atomic: another process never reads a half-written font


def _check_family(data, source):
    from io import BytesIO

    from fontTools.ttLib import TTFont

    if TTFont(BytesIO(data), lazy=True)["name"].getDebugName(1) != SC_FAMILY:
        raise ImproperlyConfigured(f"{source} 的第{SC_INDEX + 1}个字形不是 {SC_FAMILY}")


def font_files():
    """{weight: Path} of the prepared faces, creating them on first use."""
    folder = font_dir()
    paths = {}
    for weight, (source_name, out_name) in FACES.items():
        source = _find_source(source_name)
        paths[weight] = folder / f"{out_name}-{_recipe_tag(source)}.otf"
        if not paths[weight].exists():
            with _lock:
                folder.mkdir(parents=True, exist_ok=True)
                if not paths[weight].exists():
                    _subset_sc(source, paths[weight])
    return paths


def font_face_css():
    """@font-face rules pointing at the cached files (file: URLs, served by our fetcher)."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url("{path.resolve().as_uri()}"); }}'
        for weight, path in font_files().items()
    )


def font_stack():
    return f'"{FAMILY}", {FALLBACK_STACK}'
