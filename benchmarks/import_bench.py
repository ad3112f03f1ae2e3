"""Import benchmark: speed and memory of the prior-year import on PostgreSQL, each beside its baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench .venv/bin/python benchmarks/import_bench.py

The database named in DATABASE_URL is dropped and re-created (its name must contain "bench").
The workbook is 5 years × 200 departments × 15 支出方向 × 10 indicators: 172,200 rows, 150,000 of
them 绩效指标 (generated once and kept in var/bench/). Each measurement runs in a fresh process, so
its peak memory is its own: the peak resident set size of that process (VmHWM, = getrusage ru_maxrss), Django
and the database driver included; "+N MB" is what the measured step added to the process as it was
just before the step. A round measures, one after another on the same machine:

  bare      a bare bulk_create of the same rows (the floor an import is measured against)
  import    the import of the workbook into an empty database (read, check, compare, write; one transaction)
  again     re-importing the same file (every row unchanged); both imports as the command runs them
            (record=True), so the second finds the first's record and answers 无变化 without reading
            the file (budgets/importexport/snapshot.py)
  edited    one 绩效指标 row edited since (as online), then the same file again: the full path (read,
            type and compare every row; the one row written back), what a re-import costs when
            anything it reads has changed
  ind-bare  a bare bulk_create of the 150,000 绩效指标 rows alone, into the filings `bare` wrote
  ind-iex   the same rows through django-import-export (a ModelResource for Indicator with use_bulk and
            batch_size, CachedForeignKeyWidget for filing/sheet/level2 by id: craft.md B.2's advice)
  upload    with --upload: a ~20 MB workbook (--upload-departments, about 2.5× the rows) uploaded to the
            admin's import page (preview), then confirmed — the admin's own views, through Django's test
            client, each in its own process

--repeat N rounds (default 2); the summary prints the median of each figure and the ratios:
import / bare (target ≤ 1.5), again / import (target ≤ 0.3), edited / import, ind-iex / ind-bare, and peaks (target
≤ 500 MB). The machine may be shared: compare ratios within one run, not seconds across runs.
Options: --rows N for a smaller run (sets --departments), --phases to pick measurements, --keep-file.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PHASES = ("bare", "ind-bare", "ind-iex", "import", "again", "edited")
MB = 1024 * 1024


def recreate_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"拒绝删除数据库「{name}」：基准测试只使用名称含 bench 的数据库")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def generate(years, departments, lines, indicators):
    """{sheet: [row, …]} in the import format, and the same data for the bare bulk_create."""
    from budgets.importexport.format import (
        DEPARTMENTS,
        FILINGS,
        INDICATORS,
        KEY_TASKS,
        LINES,
        OVERALL,
        SHEETS,
    )

    def row(sheet, **by_header):
        return [by_header.get(c.header) for c in SHEETS[sheet]]

    level2s = [("产出指标", "产出数量"), ("产出指标", "产出质量"), ("产出指标", "产出时效"), ("产出指标", "产出成本"),
               ("效益指标", "社会效益"), ("效益指标", "经济效益"), ("效益指标", "可持续影响"),
               ("效益指标", "社会公众及服务对象满意度")]
    rows = {sheet: [] for sheet in SHEETS}
    for d in range(departments):
        rows[DEPARTMENTS].append(row(DEPARTMENTS, 部门编码=f"bench-{d:03d}", 部门名称=f"测试部门{d:03d}",
                                     区划代码="430299", 区名称="基准测试区", 类型="部门", 排序=d, 启用="是"))
    for year in range(2017, 2017 + years):
        for d in range(departments):
            key = {"部门编码": f"bench-{d:03d}", "预算年度": year, "版本": 1}
            rows[FILINGS].append(row(FILINGS, **key, 指标体系="hunan-2021", 状态="已批准",
                                     **{"部门名称（表内）": f"基准测试区测试部门{d:03d}"}))
            rows[OVERALL].append(row(OVERALL, **key, 资金总额=Decimal("1500.5"), 一般公共预算拨款=Decimal("1500.5"),
                                     基本支出=Decimal("480.25"), 项目支出=Decimal("1020.25"),
                                     部门职责概述="负责辖区内的公共服务与管理。" * 5, 年度总体目标="完成年度各项任务"))
            for t in range(1, 6):
                rows[KEY_TASKS].append(row(KEY_TASKS, **key, 行号=t, 事项=f"事项{t}", **{"责任单位/科室": "办公室"},
                                           工作目标="保障工作正常开展", 预算金额=Decimal("10.5") * t))
            for i in range(indicators):
                l1, l2 = level2s[i % len(level2s)]
                rows[INDICATORS].append(row(INDICATORS, **key, 期间="年度", 行号=i + 1, 一级指标=l1, 二级指标=l2,
                                            三级指标=f"部门整体指标{i + 1}", 指标值="≥95%", 核心指标="否"))
            # The last 附件2 row is a child without a 附件3; every other row carries one.
            for n in range(1, lines + 1):
                child = n == lines
                line = {**key, "行号": n, "上级行号": 1 if child else None, "序号": "" if child else str(n),
                        "支出方向（子项）": f"支出方向{n}", "金额": Decimal("68.35"),
                        "实施期绩效目标": "按期完成", "年度绩效目标": "完成年度目标"}
                if not child:
                    line |= {"附件3顺序": n, "附件3支出方向（子项）": f"支出方向{n}项目", "所属专项": f"专项{n}",
                             "项目金额": Decimal("68.35"), "项目实施期": f"{year}.1.1-{year}.12.31",
                             "附件3实施期绩效目标": "按期完成", "附件3年度绩效目标": "完成年度目标",
                             "资金构成：一般公共预算拨款": Decimal("68.35")}
                    for i in range(indicators):
                        l1, l2 = level2s[i % len(level2s)]
                        rows[INDICATORS].append(row(
                            INDICATORS, **key, 所属支出方向行号=n, 期间="年度", 行号=i + 1, 一级指标=l1, 二级指标=l2,
                            三级指标=f"指标{i + 1}", 指标值=f"{i + 90}%", 计量单位="%", 核心指标="否",
                            **{"指标性质": "≥", "指标值（数值）": i + 90},
                        ))
                rows[LINES].append(row(LINES, **line))
    return rows


def bare_bulk_create(rows):
    """The same rows written with bulk_create and nothing else: the floor an import is measured against."""
    from django.db import transaction

    from budgets.importexport.format import (
        DEPARTMENTS,
        FILINGS,
        INDICATORS,
        KEY_TASKS,
        LINES,
        OVERALL,
        SHEETS,
    )
    from budgets.models import (
        Department,
        District,
        Filing,
        Indicator,
        KeyTask,
        ProjectFunding,
        ProjectSheet,
        SubItem,
    )
    from indicators.models import Framework, Level2

    def dicts(sheet):
        headers = [c.header for c in SHEETS[sheet]]
        return [dict(zip(headers, r, strict=True)) for r in rows[sheet]]

    framework = Framework.objects.get(code="hunan-2021")
    level2 = {(l2.level1.name, l2.name): l2.pk for l2 in Level2.objects.filter(level1__framework=framework)
              .select_related("level1")}
    batch = 2000
    with transaction.atomic():
        district = District.objects.create(code="430299", name="基准测试区")
        depts = Department.objects.bulk_create([
            Department(district=district, code=r["部门编码"], name=r["部门名称"], kind="department", order=r["排序"])
            for r in dicts(DEPARTMENTS)
        ])
        dept_ids = {d.code: d.pk for d in depts}
        overall = {(r["部门编码"], r["预算年度"]): r for r in dicts(OVERALL)}
        filings = Filing.objects.bulk_create([
            Filing(department_id=dept_ids[r["部门编码"]], year=r["预算年度"], version=1, framework=framework,
                   status="approved", origin="imported", department_name=r["部门名称（表内）"],
                   total_amount=overall[(r["部门编码"], r["预算年度"])]["资金总额"],
                   income_general=overall[(r["部门编码"], r["预算年度"])]["一般公共预算拨款"],
                   expense_basic=overall[(r["部门编码"], r["预算年度"])]["基本支出"],
                   expense_project=overall[(r["部门编码"], r["预算年度"])]["项目支出"],
                   duties=overall[(r["部门编码"], r["预算年度"])]["部门职责概述"],
                   overall_goal=overall[(r["部门编码"], r["预算年度"])]["年度总体目标"])
            for r in dicts(FILINGS)
        ], batch_size=batch)
        fid = {(f.department_id, f.year): f.pk for f in filings}

        def filing_of(r):
            return fid[(dept_ids[r["部门编码"]], r["预算年度"])]

        KeyTask.objects.bulk_create([
            KeyTask(filing_id=filing_of(r), order=r["行号"], item=r["事项"], responsible=r["责任单位/科室"],
                    goal=r["工作目标"], amount=r["预算金额"]) for r in dicts(KEY_TASKS)
        ], batch_size=batch)
        line_rows = dicts(LINES)
        tops = [r for r in line_rows if r["上级行号"] is None]
        created = SubItem.objects.bulk_create([
            SubItem(filing_id=filing_of(r), order=r["行号"], seq=r["序号"], name=r["支出方向（子项）"],
                         amount=r["金额"], period_goal=r["实施期绩效目标"], annual_goal=r["年度绩效目标"]) for r in tops
        ], batch_size=batch)
        line_ids = {(ln.filing_id, ln.order): ln.pk for ln in created}
        SubItem.objects.bulk_create([
            SubItem(filing_id=filing_of(r), parent_id=line_ids[(filing_of(r), r["上级行号"])], order=r["行号"],
                         seq=r["序号"], name=r["支出方向（子项）"], amount=r["金额"], period_goal=r["实施期绩效目标"],
                         annual_goal=r["年度绩效目标"]) for r in line_rows if r["上级行号"] is not None
        ], batch_size=batch)
        with_sheet = [r for r in tops if r["附件3顺序"] is not None]
        sheets = ProjectSheet.objects.bulk_create([
            ProjectSheet(sub_item_id=line_ids[(filing_of(r), r["行号"])], order=r["附件3顺序"],
                         name=r["附件3支出方向（子项）"], fund_text=r["所属专项"], amount=r["项目金额"],
                         period_text=r["项目实施期"], period_goal=r["附件3实施期绩效目标"],
                         annual_goal=r["附件3年度绩效目标"]) for r in with_sheet
        ], batch_size=batch)
        sheet_ids = {(filing_of(r), r["行号"]): s.pk for r, s in zip(with_sheet, sheets, strict=True)}
        ProjectFunding.objects.bulk_create([
            ProjectFunding(sheet_id=sheet_ids[(filing_of(r), r["行号"])], source="general",
                           amount=r["资金构成：一般公共预算拨款"]) for r in with_sheet
        ], batch_size=batch)
        Indicator.objects.bulk_create([
            Indicator(filing_id=filing_of(r),
                      sheet_id=sheet_ids[(filing_of(r), r["所属支出方向行号"])] if r["所属支出方向行号"] else None,
                      level2_id=level2[(r["一级指标"], r["二级指标"])], period="annual", order=r["行号"],
                      name=r["三级指标"], value_text=r["指标值"], operator=r["指标性质"] or "",
                      value_number=r["指标值（数值）"], unit=r["计量单位"] or "", is_core=False)
            for r in dicts(INDICATORS)
        ], batch_size=batch)


def indicator_objects(rows):
    """The 绩效指标 rows as (filing id, sheet id, level2 id, row dict), against what bare_bulk_create wrote."""
    from budgets.importexport.format import INDICATORS, SHEETS
    from budgets.models import Filing, ProjectSheet
    from indicators.models import Level2

    headers = [c.header for c in SHEETS[INDICATORS]]
    filings = {(code, year): pk for pk, code, year in Filing.objects.values_list("pk", "department__code", "year")}
    sheets = {(f, order): pk for pk, f, order in ProjectSheet.objects.values_list("pk", "sub_item__filing_id",
                                                                                  "sub_item__order")}
    level2 = {(l1, l2): pk for pk, l1, l2 in Level2.objects.filter(level1__framework__code="hunan-2021")
              .values_list("pk", "level1__name", "name")}
    out = []
    for r in rows[INDICATORS]:
        d = dict(zip(headers, r, strict=True))
        f = filings[(d["部门编码"], d["预算年度"])]
        out.append((f, sheets[(f, d["所属支出方向行号"])] if d["所属支出方向行号"] else None,
                    level2[(d["一级指标"], d["二级指标"])], d))
    return out


def bare_indicators(objects):
    from django.db import transaction

    from budgets.models import Indicator

    with transaction.atomic():
        Indicator.objects.bulk_create([
            Indicator(filing_id=f, sheet_id=s, level2_id=l2, period="annual", order=d["行号"], name=d["三级指标"],
                      value_text=d["指标值"], operator=d["指标性质"] or "", value_number=d["指标值（数值）"],
                      unit=d["计量单位"] or "", is_core=False)
            for f, s, l2, d in objects
        ], batch_size=2000)


def import_export_indicators(objects):
    """django-import-export as documented for bulk imports: a ModelResource with use_bulk and batch_size."""
    import tablib
    from import_export import fields, resources, widgets

    from budgets.models import Filing, Indicator, ProjectSheet
    from indicators.models import Level2

    class IndicatorResource(resources.ModelResource):
        filing = fields.Field(attribute="filing", column_name="filing", widget=widgets.CachedForeignKeyWidget(Filing))
        sheet = fields.Field(attribute="sheet", column_name="sheet",
                             widget=widgets.CachedForeignKeyWidget(ProjectSheet))
        level2 = fields.Field(attribute="level2", column_name="level2",
                              widget=widgets.CachedForeignKeyWidget(Level2))

        class Meta:
            model = Indicator
            fields = ("id", "filing", "sheet", "level2", "period", "order", "name", "value_text", "operator",
                      "value_number", "unit", "is_core")
            use_bulk = True
            batch_size = 2000
            skip_diff = True  # the documented setting for bulk imports
            force_init_instance = True  # every row is new: no lookup of an existing row by id

    headers = ["id", "filing", "sheet", "level2", "period", "order", "name", "value_text", "operator",
               "value_number", "unit", "is_core"]
    dataset = tablib.Dataset(headers=headers)
    for f, s, l2, d in objects:
        dataset.append(["", f, s or "", l2, "annual", d["行号"], d["三级指标"], d["指标值"], d["指标性质"] or "",
                        d["指标值（数值）"] if d["指标值（数值）"] is not None else "", d["计量单位"] or "", False])
    result = IndicatorResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export 导入出错")
    return result.totals


def truncate_indicators():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE budgets_indicator RESTART IDENTITY")


def print_unzipped_sizes(data):
    """The workbook against the zip-bomb limits (zipguard.py): an import this size must stay well inside."""
    import io
    import zipfile

    from budgets.importexport.zipguard import Limits

    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    largest = max(infos, key=lambda i: i.file_size)
    limits, mb = Limits(), 1024 * 1024
    print(f"解压后：最大的部分 {largest.file_size / mb:.0f} MB（上限 {limits.member / mb:.0f} MB），"
          f"压缩比 {largest.file_size / largest.compress_size:.1f}（上限 {limits.ratio}），"
          f"共 {sum(i.file_size for i in infos) / mb:.0f} MB（上限 {limits.total / mb:.0f} MB）")


def truncate():
    """Every filing, department, district (and what hangs off them: funds, audit, import batches) gone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE budgets_indicator, budgets_projectfunding, budgets_projectsheet, budgets_subitem, "
            "budgets_keytask, budgets_filing, budgets_membership, budgets_department, budgets_district, "
            "budgets_auditentry, budgets_importbatch RESTART IDENTITY CASCADE"
        )


def peak_mb():
    """Peak resident set size of this process so far, in MB.

    VmHWM, the figure getrusage's ru_maxrss reports, read from /proc: ru_maxrss of a process started by
    fork and exec begins at its parent's peak, and the parent here holds the generated rows.
    """
    with open("/proc/self/status") as status:
        for text in status:
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def setup_django():
    # The test settings: a throwaway key, DEBUG off (no query log slowing every statement down).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def timed_stages():
    """progress() for run_import summing the time of each stage, and the dict it fills."""
    stages, last = {}, [time.perf_counter(), None]

    def progress(label=None):
        now = time.perf_counter()
        if last[1]:
            stages[last[1]] = stages.get(last[1], 0) + now - last[0]
        kind = label
        if label and label.startswith(("读取文件", "读取「")):
            kind = "打开文件、检查表头"
        elif label == "写入：操作日志":
            kind = "收尾（删除文件中没有的指标、修改次数、操作日志）"
        elif label and label.startswith("写入："):
            kind = "写入其他各表"
        last[:] = [now, kind]

    return stages, progress


def child(phase, args):
    """One measurement in this (fresh) process; prints one RESULT line of JSON."""
    setup_django()
    from django.db import connection

    connection.ensure_connection()
    out = {"phase": phase}
    before = current_mb()
    started = time.perf_counter()
    if phase == "bare":
        rows = generate(args.years, args.departments, args.lines, args.indicators)
        before, started = current_mb(), time.perf_counter()  # the rows are the input, as the file is ours
        bare_bulk_create(rows)
    elif phase in ("import", "again", "edited"):
        from budgets.importexport.service import run_import
        from budgets.models import Indicator

        if phase == "edited":
            Indicator.objects.filter(pk=Indicator.objects.order_by("pk").values("pk")[:1]).update(name="在线改过")
        data = Path(args.file).read_bytes()
        stages, progress = timed_stages()
        before, started = current_mb(), time.perf_counter()
        result = run_import([(Path(args.file).name, data)], dry_run=False, progress=progress, record=True)
        progress()
        if not result.ok:
            raise SystemExit("导入失败：" + "；".join(str(p) for p in result.problems[:10]))
        out |= {"stages": stages, "rows": sum(sum(c.values()) for c in result.counts.values()), "fast": result.fast,
                "unchanged": sum(c["unchanged"] for c in result.counts.values()),
                "changed_filings": result.changed_filings}
    elif phase in ("ind-bare", "ind-iex"):
        rows = generate(args.years, args.departments, args.lines, args.indicators)
        objects = indicator_objects(rows)
        del rows
        truncate_indicators()
        before, started = current_mb(), time.perf_counter()
        if phase == "ind-bare":
            bare_indicators(objects)
        else:
            totals = import_export_indicators(objects)
            out["new"] = totals.get("new", 0)
    elif phase in ("upload", "confirm"):
        out |= admin_upload(phase, args)
        started = out.pop("started")
        before = out.pop("before")
    out |= {"seconds": out.get("seconds", time.perf_counter() - started), "peak_mb": peak_mb(),
            "added_mb": peak_mb() - before}
    print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)


def admin_upload(phase, args):
    """The admin's import page: upload (preview), or confirm the batch previewed last, as a superuser."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from budgets.models import ImportBatch

    user = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
        "bench", password="bench-only")
    client = Client(HTTP_HOST="localhost")  # a host the settings allow (the test client's own is "testserver")
    client.force_login(user)
    if phase == "upload":
        path = Path(args.upload_file)
        before, started = current_mb(), time.perf_counter()
        with path.open("rb") as upload:
            response = client.post(reverse("admin:budgets_filing_import"), {"file": upload})
        seconds = time.perf_counter() - started
        batch = ImportBatch.objects.order_by("-pk").first()
        if response.status_code != 302 or batch is None or batch.status != ImportBatch.Status.PREVIEWED:
            raise SystemExit(f"上传预览失败：{response.status_code} {batch and batch.summary.get('problems', [])[:3]}")
        return {"seconds": seconds, "started": started, "before": before, "size_mb": path.stat().st_size / MB,
                "rows": sum(sum(c.values()) for c in batch.summary["counts"].values())}
    batch = ImportBatch.objects.order_by("-pk").first()
    before, started = current_mb(), time.perf_counter()
    response = client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256})
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    if response.status_code != 302 or batch.status != ImportBatch.Status.IMPORTED:
        raise SystemExit(f"确认导入失败：{batch.get_status_display()} {batch.summary.get('problems', [])[:3]}")
    return {"seconds": seconds, "started": started, "before": before}


def run_child(phase, args):
    command = [sys.executable, __file__, "--child", phase, "--file", args.file, "--years", str(args.years),
               "--departments", str(args.departments), "--lines", str(args.lines),
               "--indicators", str(args.indicators)]
    if args.upload_file:
        command += ["--upload-file", args.upload_file]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise SystemExit(f"{phase} 失败：\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def reset():
    truncate()


def workbook(path, years, departments, lines, indicators):
    """The generated workbook at `path`, written once (openpyxl takes a minute or more for it)."""
    from budgets.importexport.export import write_workbook

    if not path.exists():
        started = time.perf_counter()
        rows = generate(years, departments, lines, indicators)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(write_workbook(rows, readme=False))
        print(f"生成工作簿 {path.name}：{sum(len(r) for r in rows.values()):,} 行（绩效指标 {len(rows['绩效指标']):,} 行），"
              f"{path.stat().st_size / MB:.1f} MB，用时 {time.perf_counter() - started:.0f} s", flush=True)
    return path


def line(result):
    extra = ""
    if "stages" in result:
        extra = "；" + "，".join(f"{k} {v:.1f} s" for k, v in result["stages"].items())
    if "unchanged" in result and result["unchanged"]:
        extra += f"；未变 {result['unchanged']:,} 行，更新 {result['changed_filings']} 份申报"
    if result.get("fast"):
        extra += "（未读文件：与上次导入相同、数据未变）"
    return (f"  {result['phase']:<8} {result['seconds']:7.1f} s   峰值 {result['peak_mb']:6.0f} MB"
            f"（本步 +{result['added_mb']:.0f} MB）{extra}")


def summary(rounds):
    def median(phase, key="seconds"):
        values = [r[phase][key] for r in rounds if phase in r]
        return statistics.median(values) if values else None

    print(f"\n中位数（{len(rounds)} 轮）：")
    for phase in (*PHASES, "upload", "confirm"):
        if median(phase) is not None:
            print(f"  {phase:<8} {median(phase):7.1f} s   峰值 {median(phase, 'peak_mb'):6.0f} MB")

    def ratio(a, b, what, target=""):
        values = [r[a]["seconds"] / r[b]["seconds"] for r in rounds if a in r and b in r]
        if values:
            print(f"  {what}：{statistics.median(values):.2f}×（各轮 {', '.join(f'{v:.2f}' for v in values)}）{target}")

    print("比值（同一轮内，取中位数）：")
    ratio("import", "bare", "导入 / 裸 bulk_create", "，目标 ≤ 1.5×")
    ratio("again", "import", "重复导入未变的文件 / 首次导入", "，目标 ≤ 0.3×")
    ratio("edited", "import", "数据改过后重复导入（完整比对）/ 首次导入")
    ratio("ind-iex", "ind-bare", "django-import-export / 裸 bulk_create（仅绩效指标）")
    ratio("import", "ind-iex", "本系统导入全部 172,200 行 / django-import-export 仅写入 150,000 行绩效指标")
    peaks = {p: median(p, "peak_mb") for p in ("import", "again", "edited", "upload", "confirm") if median(p) is not None}
    if peaks:
        print("峰值内存（进程 RSS 峰值，VmHWM = getrusage ru_maxrss）：" + "，".join(f"{p} {v:.0f} MB" for p, v in peaks.items())
              + "，目标 ≤ 500 MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--lines", type=int, default=15)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--rows", type=int, help="约多少行绩效指标（按此设定部门数，用于较小的测试）")
    parser.add_argument("--repeat", type=int, default=2, help="轮数（默认 2）")
    parser.add_argument("--phases", default=",".join(PHASES), help="要测的项目，逗号分隔：" + ",".join(PHASES))
    parser.add_argument("--upload", action="store_true", help="也测约 20 MB 工作簿经后台上传预览、确认导入的内存")
    parser.add_argument("--upload-departments", type=int, default=510, help="上传测试工作簿的部门数（默认 510，约 20 MB）")
    parser.add_argument("--keep-file", help="把生成的工作簿另存到此路径")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--upload-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rows:
        args.departments = max(1, round(args.rows / (args.years * args.lines * args.indicators)))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("请设置 DATABASE_URL=postgres://…/jixiao_bench（基准测试针对 PostgreSQL）")
    if args.child:
        return child(args.child, args)

    recreate_database(url)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    shape = f"{args.years}y-{args.departments}d-{args.lines}l-{args.indicators}i"
    path = workbook(REPO / "var" / "bench" / f"import-{shape}.xlsx", args.years, args.departments, args.lines,
                    args.indicators)
    if args.keep_file:
        Path(args.keep_file).write_bytes(path.read_bytes())
    args.file = str(path)
    print(f"工作簿：{path}（{path.stat().st_size / MB:.1f} MB）")
    import zipfile

    print_unzipped_sizes(path.read_bytes())
    if args.upload:
        upload_path = workbook(REPO / "var" / "bench" / f"import-{args.years}y-{args.upload_departments}d-"
                               f"{args.lines}l-{args.indicators}i.xlsx", args.years, args.upload_departments,
                               args.lines, args.indicators)
        args.upload_file = str(upload_path)
        with zipfile.ZipFile(upload_path) as archive:
            print(f"上传测试工作簿：{upload_path.stat().st_size / MB:.1f} MB，"
                  f"解压后 {sum(i.file_size for i in archive.infolist()) / MB:.0f} MB")
    import import_export

    print(f"django-import-export {import_export.__version__}；PostgreSQL；每项在单独的进程中测量\n")
    phases = [p for p in args.phases.split(",") if p]
    rounds = []
    for n in range(1, args.repeat + 1):
        print(f"第 {n} 轮：", flush=True)
        results = {}
        # bare leaves the filings and sheets that ind-bare and ind-iex write their indicators into.
        for phase in ("bare", "ind-bare", "ind-iex", "import", "again", "edited"):
            if phase not in phases or (phase in ("again", "edited") and "import" not in phases):
                continue
            if phase in ("bare", "import") or (phase.startswith("ind-") and "bare" not in results):
                reset()
            if phase.startswith("ind-") and "bare" not in results:
                results["bare"] = run_child("bare", args)
            results[phase] = run_child(phase, args)
            print(line(results[phase]), flush=True)
        if args.upload:
            reset()
            for phase in ("upload", "confirm"):
                results[phase] = run_child(phase, args)
                print(line(results[phase]) + (f"；{results[phase]['size_mb']:.1f} MB，{results[phase]['rows']:,} 行"
                                              if phase == "upload" else ""), flush=True)
        reset()
        rounds.append(results)
    summary(rounds)


if __name__ == "__main__":
    main()
