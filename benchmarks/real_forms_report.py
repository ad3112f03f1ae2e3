"""The real published forms (tests/data/forms) through import, show_filing and the PDF: what survives.

    DEBUG=True .venv/bin/python benchmarks/real_forms_report.py [--lost] [--png DIR]

Works in a throwaway SQLite database in a temporary folder. Prints, per form: non-empty transcribed
cells, how many the database stores, show_filing shows and the PDF prints, how many have no place
in the import format, and how many are lost (not printed). --lost lists every lost cell with where
it went or why it had no place; --png DIR also writes each form's PDF and its pages as PNG (60 dpi).
The rules are tests/real_forms.py's; tests/test_real_forms.py holds the same numbers as ceilings.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="jixiao-real-forms-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'forms.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from budgets.models import District  # noqa: E402
from tests.real_form_checks import counts, pdf_text, run_form  # noqa: E402
from tests.real_forms import DISTRICT, form_paths  # noqa: E402

COLUMNS = ["cells", "stored", "shown", "printed", "no place", "lost"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lost", action="store_true", help="list every lost cell")
    parser.add_argument("--png", help="write each form's PDF and PNG pages into this folder")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    District.objects.create(code=DISTRICT[0], name=DISTRICT[1], short_name=DISTRICT[2])
    out = Path(args.png) if args.png else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    print("| form | " + " | ".join(COLUMNS) + " |")
    print("|" + " --- |" * (len(COLUMNS) + 1))
    totals = dict.fromkeys(COLUMNS, 0)
    details = []
    for path in form_paths():
        stem = path.stem

        def text_of(filing, stem=stem):
            return pdf_text(filing, out / f"{stem}.pdf" if out else None)

        loaded, result, filing, _shown = run_form(path, text_of)
        if filing is None:
            print(f"| {stem} | 导入失败：{'；'.join(str(p) for p in result.problems[:3])} |")
            continue
        c = counts(loaded)
        for k in COLUMNS:
            totals[k] += c[k]
        print(f"| {stem} | " + " | ".join(str(c[k]) for k in COLUMNS) + " |")
        if out:
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / f"{stem}.pdf"), str(out / stem)], check=True)
        details.append((stem, [cell for cell in loaded.cells if not cell.printed]))
    print("| total | " + " | ".join(str(totals[k]) for k in COLUMNS) + " |")
    if args.lost:
        for stem, cells in details:
            print(f"\n{stem}: {len(cells)} lost")
            for cell in cells:
                where = f"{cell.place} (stored{'' if cell.stored else ' NOT'}, shown{'' if cell.shown else ' NOT'})" \
                    if cell.place else cell.reason
                print(f"  {cell.where}: {cell.text[:30]!r} → {where}")


if __name__ == "__main__":
    main()
