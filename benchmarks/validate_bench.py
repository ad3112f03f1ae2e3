"""How long validation takes next to loading: one seed-sized filing, then 1,000 of them.

    DEBUG=True .venv/bin/python benchmarks/validate_bench.py [--count 1000] [--repeat 3]

Builds a throwaway database (an SQLite file under var/bench/ unless DATABASE_URL is set — then
that database is used and must be disposable), clones the 2021 seed into COUNT filings of different
departments with create_filing_from_packet, and times, per filing:

  load      load_packet(filing)                        — merely reading the filing
  rules     the rules on the already loaded packet      — what validation adds
  total     validate_filing(pk) one by one              — load + settings + framework + rules

Target (issue 3): rules < load.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db = bench_dir / "validate_bench.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "True")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_filings(count):
    from budgets.demo.loader import SEED_PACKET
    from budgets.models import Department, District
    from budgets.services.packets import create_filing_from_packet

    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    district, _ = District.objects.get_or_create(code="430204", defaults={"name": "株洲市石峰区", "short_name": "石峰区"})
    ids = []
    for n in range(count):
        # Same year as the seed, so every clone gets the seed's findings (a different year would add
        # year-mismatch findings and make the workloads differ).
        dept = Department.objects.create(district=district, code=f"bench-{n:04d}", name=f"测试单位{n:04d}",
                                         kind="street")
        ids.append(create_filing_from_packet(packet, department=dept).pk)
    return ids


def timed(fn, ids, repeat):
    """Best of `repeat` runs, in seconds per filing (the best run has the least noise from elsewhere)."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        for pk in ids:
            fn(pk)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best / len(ids)


def measure(ids, repeat):
    from budgets.packet import load_packet
    from budgets.validation import Checker, validate_filing

    packets = {pk: load_packet(pk) for pk in ids}  # for the rules-only timing
    checker = Checker()
    checker.check_packet(packets[ids[0]])  # warm the settings and framework caches once
    load = timed(load_packet, ids, repeat)
    rules = timed(lambda pk: checker.check_packet(packets[pk]), ids, repeat)
    total = timed(validate_filing, ids, repeat)
    findings = len(checker.check_packet(packets[ids[0]]))
    return load, rules, total, findings


def report(label, n, load, rules, total, findings):
    ms = 1000
    print(f"{label}（{n} 份，每份56行指标、{findings}条校验结果）")
    print(f"  读取 load_packet        {load * ms:8.3f} ms/份")
    print(f"  校验规则（已读取的数据） {rules * ms:8.3f} ms/份   规则/读取 = {rules / load:.2f}")
    print(f"  validate_filing 全流程   {total * ms:8.3f} ms/份   全流程/读取 = {total / load:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    start = time.perf_counter()
    ids = make_filings(args.count)
    print(f"已生成 {len(ids)} 份申报（克隆2021年井龙街道示例），用时 {time.perf_counter() - start:.1f} 秒\n")
    report("单份", 1, *measure(ids[:1], max(args.repeat, 20)))
    report("批量", len(ids), *measure(ids, args.repeat))


if __name__ == "__main__":
    main()
