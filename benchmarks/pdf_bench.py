"""PDF benchmark: the seed packet in a running process, and a 200-filing district bundle.

    DEBUG=True .venv/bin/python benchmarks/pdf_bench.py [--runs 20] [--filings 200]   (--filings 0: no bundle)

Works in a throwaway SQLite database in a temporary folder (the font cache in var/ is shared).
Figures printed:
  * first render in the process (includes preparing the font subsets if var/print-fonts is empty);
  * median time of render_filing_pdf(seed) once warm, and peak memory;
  * median time of bare WeasyPrint on the same final HTML (HTML(string=…).write_pdf(), defaults),
    and our time divided by it: our own overhead (ORM, templates, fetcher), target ≤ 1.15×;
    also bare WeasyPrint reusing one FontConfiguration as we do, which isolates ORM + templates;
    the three are run interleaved so that load from other processes hits them alike;
  * a district bundle of N clones of the seed: total and per-filing time, size, pages.
"""

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="jixiao-pdf-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import json  # noqa: E402

from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from approvals.pdf import render_filing_pdf, render_html  # noqa: E402
from approvals.pdf.bundle import latest_filings, render_bundle  # noqa: E402
from budgets.demo.loader import SEED_PACKET  # noqa: E402
from budgets.models import Department, District  # noqa: E402
from budgets.services.packets import create_filing_from_packet  # noqa: E402


def interleaved(runs, **fns):
    """Run the candidates in turn, runs times: load from other processes hits them all alike."""
    times = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), min(t)) for name, t in times.items()}


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--filings", type=int, default=200)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    district = District.objects.create(code="430204", name="株洲市石峰区", short_name="石峰区")
    seed_dept = Department.objects.create(district=district, code="jinglong", name="井龙街道办事处", order=0)
    seed = create_filing_from_packet(packet, department=seed_dept)
    print(f"WeasyPrint 渲染基准（{sys.platform}, Python {sys.version.split()[0]}, 数据库 {TMP}）")

    start = time.perf_counter()
    pdf = render_filing_pdf(seed)
    print(f"首次渲染（含字体准备）：{time.perf_counter() - start:.3f} s，{len(pdf) / 1024:.0f} KB")

    html = render_html(seed)
    shared_fc = FontConfiguration()
    results = interleaved(
        args.runs,
        ours=lambda: render_filing_pdf(seed),
        bare=lambda: HTML(string=html).write_pdf(),
        bare_fc=lambda: HTML(string=html).write_pdf(font_config=shared_fc),
    )
    (ours, ours_best), (bare, bare_best), (bare_fc, _) = results["ours"], results["bare"], results["bare_fc"]
    print(f"种子申报（8页）整包，{args.runs}次取中位数：")
    print(f"  本系统 render_filing_pdf：{ours:.3f} s（最快 {ours_best:.3f} s）")
    print(f"  裸 WeasyPrint 同一HTML：  {bare:.3f} s（最快 {bare_best:.3f} s）")
    print(f"  比值（本系统 / 裸WeasyPrint）：中位数 {ours / bare:.2f}×，最快 {ours_best / bare_best:.2f}×（目标 ≤ 1.15×）")
    print(f"  裸 WeasyPrint 复用字体配置：{bare_fc:.3f} s → 比值 {ours / bare_fc:.2f}×（仅ORM+模板的开销）")

    html_ms = interleaved(args.runs, html=lambda: render_html(seed))["html"][0] * 1000
    print(f"  其中本系统自身的步骤（读申报+排版模板 render_html）：{html_ms:.1f} ms，占 {html_ms / 10 / ours:.1f}%")

    tracemalloc.start()
    render_filing_pdf(seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  单次渲染 Python 分配峰值（tracemalloc）：{peak / 1024 / 1024:.1f} MB；进程 RSS 峰值：{rss_mb():.0f} MB")

    n = args.filings
    if n < 2:
        return
    start = time.perf_counter()
    for i in range(1, n):
        dept = Department.objects.create(district=district, code=f"dept-{i:03d}", name=f"测试单位{i:03d}", order=i)
        create_filing_from_packet({**packet, "department_name": f"石峰区测试单位{i:03d}"}, department=dept)
    print(f"\n区合订本：克隆种子申报为 {n} 份（建库用时 {time.perf_counter() - start:.1f} s）")
    out = TMP / "district.pdf"
    start = time.perf_counter()
    with open(out, "wb") as fh:
        printed = render_bundle(latest_filings(district, packet["year"]), fh)
    total = time.perf_counter() - start
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    print(f"  {len(printed)} 份，{pages} 页，{out.stat().st_size / 1024 / 1024:.1f} MB，"
          f"总用时 {total:.1f} s，每份 {total / len(printed):.3f} s；进程 RSS 峰值 {rss_mb():.0f} MB")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
