"""The one typeface of the printed forms: Noto Serif CJK SC, regular and bold, as plain OTF files.

Debian ships Noto CJK as TrueType collections (JP, KR, SC, TC, HK in one file). Handing a whole
collection to @font-face would let fontconfig pick any of the five faces (Japanese glyph forms on a
Chinese form), and would copy ~50 MB per render. So the SC face is extracted once into the font
cache folder (well under a second, no re-encoding) and referenced from there.

Why not pre-subset to GBK: it takes fontTools about 100 s per weight and saves only ~0.05 s per
render, because WeasyPrint subsets with HarfBuzz, which is fast on the full face.
"""

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Family name used in the CSS. Deliberately not the system name, so that fontconfig can never
# substitute the system collection (and its JP face) for our file.
FAMILY = "Noto Serif CJK SC Print"
# Fallbacks for characters outside Noto CJK; a miss there still logs a .notdef warning.
FALLBACK_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'

SOURCE_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk")]
FACES = {
    # weight: (collection file, output file)
    400: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    700: ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"),
}
SC_FAMILY = "Noto Serif CJK SC"

_lock = threading.Lock()


def font_dir():
    """Writable cache folder for the extracted faces (var/print-fonts unless PRINT_FONT_DIR is set)."""
    configured = getattr(settings, "PRINT_FONT_DIR", None) or os.environ.get("PRINT_FONT_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "print-fonts"


def _find_source(name):
    for folder in SOURCE_DIRS:
        if (folder / name).exists():
            return folder / name
    raise ImproperlyConfigured(
        f"找不到字体文件 {name}：请安装 fonts-noto-cjk（scripts/system-deps.sh）。"
    )


def _extract_sc(collection_path, out_path):
    # Imported here: fontTools is only needed the first time, not on every request.
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(collection_path), lazy=True)
    for face in collection.fonts:
        if face["name"].getDebugName(1) == SC_FAMILY:
            tmp = out_path.with_suffix(".tmp")
            face.save(str(tmp))
            # Atomic rename: a second process never sees a half-written font.
            tmp.replace(out_path)
            return
    raise ImproperlyConfigured(f"{collection_path} 中没有 {SC_FAMILY} 字形")


def font_files():
    """{weight: Path} of the extracted faces, creating them on first use."""
    folder = font_dir()
    paths = {weight: folder / out for weight, (_, out) in FACES.items()}
    if all(p.exists() for p in paths.values()):
        return paths
    with _lock:
        folder.mkdir(parents=True, exist_ok=True)
        for weight, (source, _) in FACES.items():
            if not paths[weight].exists():
                _extract_sc(_find_source(source), paths[weight])
    return paths


def font_face_css():
    """@font-face rules pointing at the cached files (file: URLs, served by our fetcher)."""
    rules = []
    for weight, path in font_files().items():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'src: url("{path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules)


def font_stack():
    return f'"{FAMILY}", {FALLBACK_STACK}'
