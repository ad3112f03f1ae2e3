"""Review screens' latency under gunicorn on PostgreSQL: a district-year of 300 filings, 20 审核人 on
the 审核工作台 and the 审核进度总览, and 填报人 submitting (送审) the seed filing meanwhile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/review_bench.py

Like entry_bench.py (whose database, gunicorn and client helpers it uses): a throwaway database
jixiao_bench_<pid> on that server, gunicorn on 127.0.0.1 only (production settings, DEBUG off), a
bounded closed loop of logged-in users, then gunicorn stopped and the database dropped.

The district has 300 units, each with its 2021 部门整体 packet: --clerks of them are copies of the
seed filing (2021 井龙街道, its errors mended as tests/approvals/conftest.py does, its warnings left
to acknowledge) whose 填报人 送审 and 撤回 it in turn; the others are filings in every state (草稿,
已送审, 已退回, 已批复, 不予通过) with their rounds, decisions and an audit entry each, as the workflow
leaves them (100 wait in 待审核). Each 审核人 repeats: the password-change page (the bare
logged-in view, the yardstick), 审核工作台 (待审核, 100 rows), its 已批复 tab, 审核进度总览 (300 rows).
Each 填报人 repeats: the bare view, the 检查 step, 送审 (validation + the revision's snapshot),
撤回.

Prints count, p50 and p95 per kind of request, each as a ratio to the bare view in the same run,
and the targets: queue and dashboard p95 ≤ 150 ms; 送审 p95 ≤ 5× the bare view's p95.
Options: --users 20 (审核人) --clerks 5 --workers 3 --threads 1 --rounds 8 --seconds 180 --think 1.
"""

import argparse
import html as htmllib
import json
import os
import random
import re
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import entry_bench as eb  # noqa: E402

UNITS = 300
STATES = ["draft", "submitted", "submitted", "returned", "approved", "rejected"]


def load_data(env, reviewers, clerks):
    """In this process: the district, its 区财政局 with `reviewers` 审核人, 300 units with their 2021
    packets (`clerks` of them the seed filing, ready to 送审, with a 填报人 each)."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "ENV_FILE", "DEBUG", "SECRET_KEY", "STATIC_ROOT")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from approvals.models import Review, Revision
    from budgets.demo.loader import DISTRICT, SEED_PACKET
    from budgets.models import AuditEntry, Department, District
    from budgets.models import Filing as FilingModel
    from budgets.roles import Role, set_role
    from budgets.services.packets import create_filing_from_packet
    from indicators.frameworks import sync_library
    from indicators.models import Framework
    from tests.approvals.conftest import mend_errors

    sync_library()
    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    district = District.objects.create(**DISTRICT)
    bureau = Department.objects.create(district=district, code="bench-czj", name="石峰区财政局",
                                       kind=Department.Kind.FINANCE, order=0)
    hashed = make_password(eb.PASSWORD)
    User = get_user_model()
    reviewer_names = []
    for n in range(1, reviewers + 1):
        user = User.objects.create(username=f"reviewer{n:02}", password=hashed)
        set_role(user, bureau, Role.REVIEWER)
        reviewer_names.append(user.username)
    clerk_rows = []
    for n in range(1, clerks + 1):
        dept = Department.objects.create(district=district, code=f"seed-{n:02}", name=f"种子{n:02}街道办事处",
                                         kind=Department.Kind.STREET, order=n)
        user = User.objects.create(username=f"clerk{n:02}", password=hashed)
        set_role(user, dept, Role.FILER)
        filing = mend_errors(create_filing_from_packet(packet, department=dept))
        clerk_rows.append((user.username, filing.pk))
    framework = Framework.objects.get(code=packet["framework"])
    first_reviewer = User.objects.get(username=reviewer_names[0])
    departments = Department.objects.bulk_create(
        Department(district=district, code=f"unit-{n:03}", name=f"第{n:03}街道办事处", kind=Department.Kind.STREET,
                   order=100 + n) for n in range(UNITS - clerks))
    now = timezone.now()
    filings = FilingModel.objects.bulk_create(
        FilingModel(department=d, year=2021, framework=framework, department_name=d.name, status=STATES[n % 6],
                    stage=1 if STATES[n % 6] == "submitted" else 0, total_amount=100 + n,
                    status_changed=now - timedelta(days=n % 9))
        for n, d in enumerate(departments))
    filed = [f for f in filings if f.status != "draft"]
    revisions = Revision.objects.bulk_create(
        Revision(filing=f, number=1, submitted_by_name="clerk", html="", error_count=0, warning_count=n % 3)
        for n, f in enumerate(filed))
    Review.objects.bulk_create(
        Review(filing=r.filing, revision=r, stage=1, stage_name="区财政局审核", actor=first_reviewer,
               actor_name=first_reviewer.username,
               action={"returned": "return", "approved": "approve", "rejected": "reject"}[r.filing.status],
               grade={"returned": "C", "approved": "A", "rejected": "D"}[r.filing.status])
        for r in revisions if r.filing.status in ("returned", "approved", "rejected"))
    AuditEntry.objects.bulk_create(AuditEntry(action="filing.saved", actor_name="clerk", filing=f, district=district)
                                   for f in filings)
    from django.db import connections

    connections.close_all()
    return reviewer_names, clerk_rows


def _timed(user, results, errors, think):
    def timed(kind, method, path, body=None, expect=200):
        status, location, html, elapsed = user.request(method, path, body)
        if status != expect:
            errors.append(f"{method} {path}: HTTP {status} {location or ''}")
        results.setdefault(kind, []).append(elapsed)
        if think:
            time.sleep(random.uniform(0, 2 * think))
        return html, location
    return timed


BARE = "基准：修改密码页（登录后最简页面）"


def run_reviewer(port, username, rounds, deadline, think, results, errors, gate):
    user = eb.User(port)
    try:
        user.log_in(username)
        timed = _timed(user, results, errors, think)
        gate.wait()
        for _ in range(rounds):
            if time.monotonic() > deadline:
                break
            timed(BARE, "GET", "/password/")
            html, _ = timed("审核工作台 待审核（100行）", "GET", "/review/")
            pending = html.count('data-testid="batch-check"')
            if pending < 90:
                errors.append(f"{username}: 待审核只有 {pending} 行")
            timed("审核工作台 已批复", "GET", "/review/?tab=approved")
            html, _ = timed("审核进度总览（300个单位）", "GET", "/review/dashboard/?year=2021")
            if html.count('data-testid="dashboard-row"') != UNITS:
                errors.append(f"{username}: 总览不是 {UNITS} 行")
    except Exception as e:  # noqa: BLE001 — one user's failure is reported, the others go on
        errors.append(f"{username}: {e!r}")


def run_clerk(port, username, filing_pk, rounds, deadline, think, results, errors, gate):
    user = eb.User(port)
    try:
        user.log_in(username)
        timed = _timed(user, results, errors, think)
        gate.wait()
        check = f"/entry/{filing_pk}/check/"
        for _ in range(rounds):
            if time.monotonic() > deadline:
                break
            timed(BARE, "GET", "/password/")
            html, _ = timed("检查页（送审前）", "GET", check)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            seen = re.search(r'name="seen" value="(\d+)"', html).group(1)
            acks = [htmllib.unescape(a) for a in re.findall(r'name="ack" value="([^"]+)"', html)]
            _, location = timed("送审（校验 + 快照）", "POST", f"/filings/{filing_pk}/submit/",
                                {"csrfmiddlewaretoken": token, "seen": seen, "ack": acks}, expect=302)
            if location and "/entry/" in location:
                errors.append(f"{username}: 送审被拒，跳转到 {location}")
            html, _ = timed("检查页（送审后）", "GET", check)
            seen = re.search(r'name="seen" value="(\d+)"', html).group(1)
            timed("撤回", "POST", f"/filings/{filing_pk}/act/withdraw/",
                  {"csrfmiddlewaretoken": token, "seen": seen}, expect=302)
    except Exception as e:  # noqa: BLE001
        errors.append(f"{username}: {e!r}")


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="审核人")
    parser.add_argument("--clerks", type=int, default=5, help="送审的填报人")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--think", type=float, default=1.0)
    args = parser.parse_args()

    url, name, db_url, static_root = eb.bench_setup()
    env = eb.server_env(db_url, static_root)
    eb.create_database(url, name)
    proc = None
    try:
        t = time.perf_counter()
        eb.manage(env, "migrate", "--noinput")
        eb.manage(env, "collectstatic", "--noinput")
        t1 = time.perf_counter()
        reviewers, clerks = load_data(env, args.users, args.clerks)
        print(f"数据库 {name}：迁移及静态文件 {t1 - t:.1f} s；{UNITS} 个单位的2021年申报、{args.users} 个审核人、"
              f"{args.clerks} 个送审的填报人 {time.perf_counter() - t1:.1f} s")
        port = eb.free_port()
        proc = eb.start_gunicorn(env, port, args.workers, args.threads)
        print(f"gunicorn 127.0.0.1:{port}，{args.workers} 个 worker × {args.threads} 线程；CPU 核数 {os.cpu_count()}"
              f"（负载脚本与服务器同机）；每人 {args.rounds} 轮，最长 {args.seconds:.0f} s，思考时间 {args.think} s")
        # One pass before the clock starts: each worker's first request and the drafts' kept progress.
        warm = eb.User(port)
        warm.log_in(reviewers[0])
        for _ in range(args.workers * 2):
            warm.request("GET", "/review/dashboard/?year=2021")
            warm.request("GET", "/review/")
        results, errors = {}, []
        gate = threading.Barrier(len(reviewers) + len(clerks) + 1)
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=run_reviewer, daemon=True,
                                    args=(port, u, args.rounds, deadline, args.think, results, errors, gate))
                   for u in reviewers]
        threads += [threading.Thread(target=run_clerk, daemon=True,
                                     args=(port, u, f, args.rounds, deadline, args.think, results, errors, gate))
                    for u, f in clerks]
        for th in threads:
            th.start()
        gate.wait(timeout=120)
        t = time.perf_counter()
        deadline = time.monotonic() + args.seconds
        for th in threads:
            while th.is_alive() and time.monotonic() < deadline + 60:
                th.join(timeout=0.5)
        wall = time.perf_counter() - t
    finally:
        if proc is not None:
            eb.stop_gunicorn(proc)
        eb.drop_database(url, name)

    total = sum(len(v) for v in results.values())
    print(f"{total} 个请求，{wall:.1f} s，{total / wall:.1f} 请求/秒；错误 {len(errors)}")
    for e in errors[:10]:
        print("  错误：", e)
    bare50, bare95 = (eb.percentile(results[BARE], p) * 1000 for p in (50, 95))
    print(f"{'请求':<28}{'次数':>6}{'p50 ms':>10}{'p95 ms':>10}{'p50/基准':>10}{'p95/基准':>10}")
    for kind, values in results.items():
        p50, p95 = eb.percentile(values, 50) * 1000, eb.percentile(values, 95) * 1000
        print(f"{kind:<28}{len(values):>6}{p50:>10.1f}{p95:>10.1f}{p50 / bare50:>10.2f}{p95 / bare95:>10.2f}")
    for kind in (k for k in results if k.startswith(("审核工作台", "审核进度总览"))):
        p95 = eb.percentile(results[kind], 95) * 1000
        print(f"目标：{kind} p95 ≤ 150 ms —— {p95:.1f} ms（{p95 / bare95:.2f}× 基准）：{'达到' if p95 <= 150 else '未达到'}")
    submit95 = eb.percentile(results["送审（校验 + 快照）"], 95) * 1000
    print(f"目标：送审 p95 ≤ 5 × 基准 p95（{5 * bare95:.1f} ms）—— {submit95:.1f} ms，{submit95 / bare95:.2f}×："
          f"{'达到' if submit95 <= 5 * bare95 else '未达到'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
