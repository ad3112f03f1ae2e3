"""Peak memory of the admin's 部门 / 专项资金 import (django-import-export) for the largest files it accepts.

    .venv/bin/python benchmarks/reference_import_bench.py

Each case runs in a fresh process (so ru_maxrss is that import's own peak) against a copy of a
SQLite database holding the demo (migrate + load_demo): the demo's 管理员 uploads the file on
系统管理 → 专项资金 → 导入 (preview, a dry run of every row) and confirms it (the real import), through
Django's test client. Printed per case: accepted or the refusal, the seconds of the preview and of the
confirm (each one request), the process's peak RSS, and its ratio to the baseline run, which re-imports the demo's own fund list exported by the
same page (a real-size file). Cases, each at the limits of budgets/admin_formats.py:

- rows-xlsx / rows-csv: the row cap of new funds, each row as long as the text cap allows;
- unzipped-xlsx: a worksheet whose XML is just under the unzipped cap (padding compressing ~30:1);
- empty-rows-xlsx: a worksheet of 1,048,575 styled empty rows, as WPS and LibreOffice may write;
- strings-xlsx: a shared-strings table just under its part cap, of one-character strings (the most
  Python objects per byte);
- styles-xlsx: a styles part just under its part cap (read as one XML tree);
- bomb-xlsx: the refused case of the issue, a 1.08 GB worksheet in a ~1 MB file.

Target: every accepted case under 500 MB. Options: --cases NAME… runs some; --keep keeps the files.
"""

import argparse
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
TARGET_MB = 500
HEADER = ["区划代码", "预算年度", "专项名称", "专项编码", "主管部门编码", "专项金额（万元）", "实施期", "实施期开始", "实施期结束"]


def environment(workdir, db):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "ENV_FILE": "", "DEBUG": "True",
            "SECRET_KEY": "reference-import-bench", "DATABASE_URL": f"sqlite:///{db}", "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"), "ALLOWED_HOSTS": "testserver", "DEMO_PASSWORD": "bench-Password-1"}


def limits():
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ENV_FILE", "")
    os.environ.setdefault("DEBUG", "True")
    import django

    django.setup()
    from budgets.admin_formats import MAX_CELL_CHARS, limit

    return {"rows": limit("REFERENCE_IMPORT_MAX_ROWS"), "text": limit("REFERENCE_IMPORT_MAX_TEXT_CHARS"),
            "unzipped": limit("REFERENCE_IMPORT_MAX_UNZIPPED_BYTES"), "part": limit("REFERENCE_IMPORT_MAX_PART_BYTES"),
            "upload": limit("REFERENCE_IMPORT_MAX_UPLOAD_BYTES"), "cell": MAX_CELL_CHARS}


# --- the files -------------------------------------------------------------------------------------

def fund_rows(cap):
    """The row cap of new funds, together just under the text cap: names and periods as long as allowed."""
    per_row = cap["text"] // cap["rows"] - 60  # the numbers and codes of a row take about 60
    name_len = min(190, per_row - 100)
    rows = []
    for i in range(cap["rows"]):
        stem = f"第{i:05d}号"
        rows.append(["430204", 2022, (stem + "专项资金" * 60)[:name_len], f"ZX-{i:05d}", "jinglong",
                     f"{i}.{i % 1000:03d}", ("2022年1月1日至2022年12月31日" * 10)[:max(0, min(100, per_row - name_len))],
                     "2022-01-01", "2022-12-31"])
    return rows


def xlsx_bytes(rows, pad_sheet=0, shared_strings=0, empty_rows=0, styles=0):
    """A one-sheet workbook; its sheet XML padded by pad_sheet bytes or followed by empty_rows styled
    empty rows (as WPS writes them), its shared-strings table grown by shared_strings bytes of
    one-character strings, or its styles by `styles` bytes of cell formats (each written in chunks,
    never whole in memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("专项资金")
    for row in rows:
        sheet.append(row)
    plain = io.BytesIO()
    book.save(plain)
    if not (pad_sheet or shared_strings or empty_rows or styles):
        return plain.getvalue()
    src = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    rng = random.Random(1)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if empty_rows and item.filename == "xl/worksheets/sheet1.xml":
                head, tail = body.split(b"</sheetData>")
                with dst.open(item.filename, "w") as part:
                    part.write(head)
                    for start in range(len(rows) + 1, len(rows) + 1 + empty_rows, 10000):
                        part.write(b"".join(b'<row r="%d" spans="1:9" s="1" customFormat="1" ht="15"/>' % n
                                            for n in range(start, min(start + 10000, len(rows) + 1 + empty_rows))))
                    part.write(b"</sheetData>" + tail)
            elif styles and item.filename == "xl/styles.xml":
                head, tail = body.split(b"</cellXfs>")
                with dst.open(item.filename, "w") as part:
                    part.write(head)
                    written = 0
                    while written < styles:
                        block = b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
                                         % rng.randrange(200) for _ in range(2000))
                        part.write(block)
                        written += len(block)
                    part.write(b"</cellXfs>" + tail)
            elif pad_sheet and item.filename == "xl/worksheets/sheet1.xml":
                head, tail = body.split(b"</sheetData>")
                with dst.open(item.filename, "w") as part:
                    part.write(head)
                    for _ in range(pad_sheet // 1024):  # 1 KB: a little randomness, then spaces (~30:1)
                        part.write(bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(40)).join(
                            [b"<!--", b" " * (1024 - 47) + b"-->"]))
                    part.write(b"</sheetData>" + tail)
            elif shared_strings and item.filename == "[Content_Types].xml":
                dst.writestr(item, body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                             b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
            elif shared_strings and item.filename == "xl/_rels/workbook.xml.rels":
                dst.writestr(item, body.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.'
                             b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                             b"</Relationships>"))
            else:
                dst.writestr(item, body)
        if shared_strings:
            with dst.open("xl/sharedStrings.xml", "w") as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main">')
                chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # random: a repeated block would compress 1000:1
                written = 0
                while written < shared_strings:
                    block = "".join(f"<si><t>{rng.choice(chars)}</t></si>" for _ in range(4000)).encode()
                    part.write(block)
                    written += len(block)
                part.write(b"</sst>")
    return out.getvalue()


def csv_bytes(rows, cap):
    import csv

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    data = ("\ufeff" + text.getvalue()).encode("utf-8")
    while len(data) > cap["upload"]:  # CJK text is 3 bytes a character in UTF-8: the upload cap binds first
        rows = rows[: int(len(rows) * cap["upload"] / len(data) * 0.99)]
        return csv_bytes(rows, cap)
    return data


def make_files(folder, cap):
    rows = fund_rows(cap)
    header_only = [HEADER, ["430204", 2022, "占位专项", "", "", "", "", "", ""]]
    files = {
        "rows-xlsx": xlsx_bytes([HEADER, *rows]),
        "rows-csv": csv_bytes(rows, cap),
        "unzipped-xlsx": xlsx_bytes(header_only, pad_sheet=cap["unzipped"] - 256 * 1024),
        "strings-xlsx": xlsx_bytes(header_only, shared_strings=cap["part"] - 256 * 1024),
        "styles-xlsx": xlsx_bytes(header_only, styles=cap["part"] - 256 * 1024),
        "empty-rows-xlsx": xlsx_bytes(header_only, empty_rows=1_048_576 - len(header_only)),
        "bomb-xlsx": _bomb(xlsx_bytes(header_only), 1080 * MB),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.{name.rsplit('-', 1)[1]}"
        paths[name].write_bytes(data)
    return paths


def _bomb(data, size):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with dst.open(item.filename, "w") as part:
                part.write(head)
                for _ in range(size // MB):
                    part.write(b" " * MB)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


# --- one case, in its own process ------------------------------------------------------------------

def run_case(name, path):
    import re

    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from budgets.models import SpecialFund

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    startup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if path is None:  # baseline: the demo's own fund list, exported by the page
        page = client.get(reverse("admin:budgets_specialfund_export")).content.decode()
        fields = re.findall(r'name="(specialfundresource_\w+)"', page)
        data = client.post(reverse("admin:budgets_specialfund_export"),
                           {"format": "0", "resource": "0", **{f: "on" for f in fields}}).content
        filename = "专项资金.xlsx"
    else:
        data, filename = path.read_bytes(), path.name
    before = SpecialFund.objects.count()
    started = time.monotonic()
    html = client.post(reverse("admin:budgets_specialfund_import"), {
        "format": "0", "resource": "0", "import_file": SimpleUploadedFile(filename, data)}).content.decode()
    preview = time.monotonic() - started
    del data
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    refused = re.search(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', html, re.S)
    confirm = 0
    if "import_file_name" in hidden:
        hidden.pop("csrfmiddlewaretoken", None)
        started = time.monotonic()
        client.post(reverse("admin:budgets_specialfund_process_import"), hidden)
        confirm = time.monotonic() - started
        outcome = f"accepted, {SpecialFund.objects.count() - before} new funds"
    else:
        message = refused.group(1) if refused else re.sub(r"<[^>]+>", " ", html)[-300:]
        outcome = "refused: " + re.sub(r"\s+", " ", message)[:70]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": name, "outcome": outcome, "preview_s": round(preview, 1), "confirm_s": round(confirm, 1),
                      "startup_mb": round(startup), "peak_mb": round(peak)}, ensure_ascii=False))


def child(name, path, workdir, template):
    db = workdir / f"{name}.sqlite3"
    shutil.copy(template, db)
    result = subprocess.run([sys.executable, __file__, "--child", name, "--file", str(path or "")],
                            env=environment(workdir, db), capture_output=True, text=True, cwd=REPO)
    db.unlink()
    shutil.rmtree(workdir / "media", ignore_errors=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"case {name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.child:
        run_case(args.child, Path(args.file) if args.file else None)
        return
    workdir = Path(tempfile.mkdtemp(prefix="reference-import-bench-"))
    template = workdir / "template.sqlite3"
    env = environment(workdir, template)
    for command in (["migrate", "-v", "0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=REPO, check=True, capture_output=True)
    cap = limits()
    print(f"上限：文件 {cap['upload'] / MB:g} MB，解压后 {cap['unzipped'] / MB:g} MB（工作表以外的部分各 {cap['part'] / MB:g} MB），"
          f"{cap['rows']} 行，"
          f"文字 {cap['text']} 字，单元格 {cap['cell']} 字")
    paths = make_files(workdir, cap)
    names = args.cases or list(paths)
    results = [child("baseline", None, workdir, template)]
    results += [child(name, paths[name], workdir, template) for name in names]
    base = results[0]["peak_mb"]
    print(f"{'case':<14} {'file':>9} {'preview':>8} {'confirm':>8} {'startup':>8} {'peak RSS':>9} {'× baseline':>11}  outcome")
    for r in results:
        size = paths[r["case"]].stat().st_size / MB if r["case"] in paths else 0
        print(f"{r['case']:<14} {size:>7.2f}MB {r['preview_s']:>7}s {r['confirm_s']:>7}s {r['startup_mb']:>6}MB "
              f"{r['peak_mb']:>7}MB {r['peak_mb'] / base:>10.2f}×  {r['outcome']}")
    accepted = [r for r in results if r["outcome"].startswith("accepted")]
    worst = max(accepted, key=lambda r: r["peak_mb"])
    verdict = "within" if worst["peak_mb"] < TARGET_MB else "OVER"
    print(f"largest peak of an accepted file: {worst['peak_mb']} MB ({worst['case']}), {verdict} the {TARGET_MB} MB target")
    if args.keep:
        print(f"files kept in {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
