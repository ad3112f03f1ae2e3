"""Entry wizard latency under gunicorn on PostgreSQL: 20 logged-in 填报人 at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/entry_bench.py

DATABASE_URL names the server only: the script creates its own throwaway database
jixiao_bench_<pid>, migrates it, loads 20 street offices each with a 填报人 and a copy of the seed
filing (2021 井龙街道), serves the app with gunicorn on 127.0.0.1 (DEBUG off, production settings),
then runs a bounded closed-loop load: each user logs in and repeats --rounds times, or until
--seconds have passed, opening the step pages, saving the indicator grid (the real form fetched,
one cell changed, posted back with its revision) and opening the password-change page, a bare
logged-in Django view, as the yardstick. At the end it stops gunicorn and drops the database.

The seed's 附件1 has 9 indicator rows and the whole filing 56 (9 + 47 on its five 附件3); the grid
saved here is 附件1 carrying all 56 rows, so one save posts and writes the whole filing's worth.
Every other step page is the seed's own.

Prints, per kind of request, count, p50 and p95 in ms and each as a ratio to the bare view, and the
two targets: p95 ≤ 150 ms on a step page; a 56-row grid save within 3× the bare view's p95.
Options: --users 20 --workers 3 --threads 1 --rounds 8 --seconds 180 --think 1 (a user's mean pause
between requests, drawn from 0 to twice that; 0 = as fast as the server answers).

The load is bounded by the think time, as people filling in a form are: 20 users pausing about a
second each ask for about 20 requests a second, which 2 cores serve without a queue, so the figures
are the requests' own. With --think 0 the 20 users keep every worker busy on a 2-core machine that
also runs this script, and the figures measure the queue (every kind then waits about as long).
--users 1 --rounds 100 --think 0 gives the service times alone, with the least noise.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PASSWORD = "bench-" + secrets.token_urlsafe(8)


# --- the throwaway database ------------------------------------------------------------------------

def admin_connect(url):
    import psycopg

    return psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True)


def create_database(url, name):
    with admin_connect(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url, name):
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url, static_root):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": db_url, "ENV_FILE": "", "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "False", "STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "ERROR",
        # A real deployment keeps connections; without it every request pays a PostgreSQL connect.
        "CONN_MAX_AGE": env.get("CONN_MAX_AGE", "60"),
    })
    return env


def manage(env, *args):
    subprocess.run([sys.executable, str(REPO / "manage.py"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def load_data(env, users):
    """In this process: 20 departments, a 填报人 each, a copy of the seed filing each (56 rows on 附件1)."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "ENV_FILE", "DEBUG", "SECRET_KEY", "STATIC_ROOT")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from budgets.demo.loader import DISTRICT, SEED_PACKET
    from budgets.models import Department, District, ProjectSheet
    from budgets.roles import Role, set_role
    from budgets.services.packets import create_filing_from_packet
    from indicators.frameworks import sync_library

    sync_library()
    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    packet["indicators"] = packet["indicators"] + [
        row for line in packet["sub_items"] if line.get("sheet") for row in line["sheet"]["indicators"]]
    district = District.objects.create(**DISTRICT)
    hashed = make_password(PASSWORD)
    out = []
    for n in range(1, users + 1):
        dept = Department.objects.create(district=district, code=f"bench-{n:02}", name=f"基准测试{n:02}街道办事处",
                                         kind=Department.Kind.STREET, order=n)
        user = get_user_model().objects.create(username=f"bench{n:02}", password=hashed)
        set_role(user, dept, Role.FILER)
        filing = create_filing_from_packet(packet, department=dept)
        sheet = ProjectSheet.objects.filter(sub_item__filing=filing).order_by("order").first()
        out.append((user.username, filing.pk, sheet.pk, filing.indicators.filter(sheet=None).count()))
    from django.db import connections

    connections.close_all()
    return out


# --- gunicorn --------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workers, threads):
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), "--log-level", "warning", "--timeout", "60"]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn 未能启动")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn 60 秒内未开始监听")


def stop_gunicorn(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# --- a logged-in user over one keep-alive connection --------------------------------------------------

class User:
    """Cookies kept by hand: production settings mark them Secure, which a cookie jar would not send over
    plain http on 127.0.0.1; gunicorn behind the proxy sees the same requests either way."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if body is not None:
            body = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                elapsed = time.perf_counter() - start
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close the connection after each response.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), content.decode("utf-8", "replace"), elapsed

    def log_in(self, username):
        status, _, html, _ = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, location, _, _ = self.request("POST", "/login/", {
            "csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"{username} 登录失败（HTTP {status}）")


def form_fields(html):
    from tests.security.forms import extract_form_fields

    return {k: v[0] if len(v) == 1 else v for k, v in extract_form_fields(html, form_id="step-form").items()}


def run_user(port, username, filing_pk, sheet_pk, rounds, deadline, think, results, errors, start_gate):
    user = User(port)
    try:
        user.log_in(username)
        base = f"/entry/{filing_pk}"
        pages = {"步骤页 1 基本信息": f"{base}/basic/", "步骤页 2 重点工作": f"{base}/tasks/",
                 "步骤页 4 附件2": f"{base}/lines/", "步骤页 5.1 附件3": f"{base}/sheets/{sheet_pk}/",
                 "步骤页 6 检查": f"{base}/check/"}
        start_gate.wait()
        for n in range(rounds):
            if time.monotonic() > deadline:
                break

            def timed(kind, method, path, body=None, expect=200):
                status, location, html, elapsed = user.request(method, path, body)
                if status != expect:
                    errors.append(f"{username} {method} {path}: HTTP {status} {location or ''}")
                results.setdefault(kind, []).append(elapsed)
                if think:
                    time.sleep(random.uniform(0, 2 * think))
                return html, location

            timed("基准：修改密码页（登录后最简页面）", "GET", "/password/")
            for kind, path in pages.items():
                timed(kind, "GET", path)
            html, _ = timed("步骤页 3 指标表（56行）", "GET", f"{base}/indicators/")
            data = form_fields(html)
            rows = sum(1 for k, v in data.items() if re.fullmatch(r"ind-\d+-id", k) and v)
            data["ind-0-remark"] = f"基准测试第{n + 1}轮"
            data["action"] = "save"
            _, location = timed(f"保存指标表（{rows}行）", "POST", f"{base}/indicators/", data, expect=302)
            if location and not location.endswith(f"{base}/indicators/"):
                errors.append(f"{username} 保存后跳转到 {location}")
    except Exception as e:  # noqa: BLE001 — one user's failure is reported, the others go on
        errors.append(f"{username}: {e!r}")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def bench_setup():
    """(server URL, the throwaway database's name and URL, static root) for a benchmark run."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("请设置 DATABASE_URL=postgres://…（只用其服务器；本脚本自建并删除 jixiao_bench_<pid> 库）")
    name = f"jixiao_bench_{os.getpid()}"
    db_url = urlparse(url)._replace(path=f"/{name}").geturl()
    # Kept between runs (var/ is not in git): collectstatic then only redoes what changed.
    static_root = REPO / "var" / "bench-static"
    static_root.mkdir(parents=True, exist_ok=True)
    # Ctrl-C or a plain kill still stops gunicorn and drops the database (the callers' finally).
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    return url, name, db_url, static_root


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--think", type=float, default=1.0)
    args = parser.parse_args()

    url, name, db_url, static_root = bench_setup()
    env = server_env(db_url, static_root)
    create_database(url, name)
    proc = None
    try:
        t = time.perf_counter()
        manage(env, "migrate", "--noinput")
        t1 = time.perf_counter()
        manage(env, "collectstatic", "--noinput")
        t2 = time.perf_counter()
        users = load_data(env, args.users)
        print(f"数据库 {name}：迁移 {t1 - t:.1f} s，静态文件 {t2 - t1:.1f} s，"
              f"{args.users} 个填报人及其申报 {time.perf_counter() - t2:.1f} s；"
              f"附件1 指标 {users[0][3]} 行/份")
        port = free_port()
        proc = start_gunicorn(env, port, args.workers, args.threads)
        print(f"gunicorn 127.0.0.1:{port}，{args.workers} 个 worker × {args.threads} 线程；CPU 核数 {os.cpu_count()}"
              f"（负载脚本与服务器同机）；每人 {args.rounds} 轮，最长 {args.seconds:.0f} s，思考时间 {args.think} s")
        results, errors = {}, []
        gate = threading.Barrier(len(users) + 1)
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=run_user, daemon=True,
                                    args=(port, u, f, s, args.rounds, deadline, args.think, results, errors, gate))
                   for u, f, s, _ in users]
        for th in threads:
            th.start()
        gate.wait(timeout=120)
        t = time.perf_counter()
        deadline = time.monotonic() + args.seconds
        for th in threads:
            while th.is_alive() and time.monotonic() < deadline + 60:
                th.join(timeout=0.5)  # short waits, so that a signal is seen at once
        wall = time.perf_counter() - t
    finally:
        if proc is not None:
            stop_gunicorn(proc)
        drop_database(url, name)

    total = sum(len(v) for v in results.values())
    print(f"{total} 个请求，{wall:.1f} s，{total / wall:.1f} 请求/秒；错误 {len(errors)}")
    for e in errors[:10]:
        print("  错误：", e)
    bare_kind = next(k for k in results if k.startswith("基准"))
    bare50, bare95 = (percentile(results[bare_kind], p) * 1000 for p in (50, 95))
    print(f"{'请求':<24}{'次数':>6}{'p50 ms':>10}{'p95 ms':>10}{'p50/基准':>10}{'p95/基准':>10}")
    for kind, values in results.items():
        p50, p95 = percentile(values, 50) * 1000, percentile(values, 95) * 1000
        print(f"{kind:<24}{len(values):>6}{p50:>10.1f}{p95:>10.1f}{p50 / bare50:>10.2f}{p95 / bare95:>10.2f}")
    step_kinds = [k for k in results if k.startswith("步骤页") and "指标表" not in k]
    worst = max(step_kinds, key=lambda k: percentile(results[k], 95))
    worst95 = percentile(results[worst], 95) * 1000
    save_kind = next(k for k in results if k.startswith("保存指标表"))
    save95 = percentile(results[save_kind], 95) * 1000
    print(f"目标 1：种子申报步骤页 p95 ≤ 150 ms —— 最慢的「{worst}」p95 {worst95:.1f} ms："
          f"{'达到' if worst95 <= 150 else '未达到'}")
    print(f"目标 2：{save_kind} p95 ≤ 3 × 基准 p95（{3 * bare95:.1f} ms）—— {save95:.1f} ms，"
          f"{save95 / bare95:.2f}×：{'达到' if save95 <= 3 * bare95 else '未达到'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
