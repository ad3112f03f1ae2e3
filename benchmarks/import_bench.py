"""Import benchmark: 5 years × 200 departments × 15 支出方向 × 10 indicators, into PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench .venv/bin/python benchmarks/import_bench.py

The database named in DATABASE_URL is dropped and re-created (its name must contain "bench").
Prints the time of a bare bulk_create of the same rows, of the full import of the generated
workbook (reading, checking, comparing, writing), its rows per second and the ratio between them,
and the time of re-importing the same file (every row unchanged).
For comparison with the peer a Django developer reaches for first, the same 绩效指标 rows are also
imported through django-import-export (a plain ModelResource for Indicator, use_bulk, batch_size,
CachedForeignKeyWidget for filing/sheet/level2 by id) into the filings the bare bulk_create made, next
to a bare bulk_create of those indicator rows alone; rows/s and ratios are printed for all of them.
Options: --years 5 --departments 200 --lines 15 --indicators 10 (per 附件3 sheet and for 附件1);
--rows N sets --departments so that there are about N 绩效指标 rows (a smaller run).
"""

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


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
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE budgets_indicator, budgets_projectfunding, budgets_projectsheet, budgets_subitem, "
            "budgets_keytask, budgets_filing, budgets_membership, budgets_department, budgets_district, "
            "budgets_auditentry RESTART IDENTITY CASCADE"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--lines", type=int, default=15)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--rows", type=int, help="约多少行绩效指标（按此设定部门数，用于较小的测试）")
    parser.add_argument("--keep-file", help="保存生成的工作簿到此路径")
    args = parser.parse_args()
    if args.rows:
        args.departments = max(1, round(args.rows / (args.years * args.lines * args.indicators)))

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("请设置 DATABASE_URL=postgres://…/jixiao_bench（基准测试针对 PostgreSQL）")
    recreate_database(url)
    # The test settings: a throwaway key, DEBUG off (no query log slowing every statement down).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django
    import import_export

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from budgets.importexport.export import write_workbook
    from budgets.importexport.service import run_import

    started = time.perf_counter()
    rows = generate(args.years, args.departments, args.lines, args.indicators)
    total_rows = sum(len(r) for r in rows.values())
    data = write_workbook(rows, readme=False)
    if args.keep_file:
        Path(args.keep_file).write_bytes(data)
    print(f"生成工作簿：{total_rows:,} 行（其中绩效指标 {len(rows['绩效指标']):,} 行），"
          f"{len(data) / 1024 / 1024:.1f} MB，用时 {time.perf_counter() - started:.1f} s")
    print_unzipped_sizes(data)

    started = time.perf_counter()
    bare_bulk_create(rows)
    bare = time.perf_counter() - started
    print(f"裸 bulk_create：{bare:.1f} s（{total_rows / bare:,.0f} 行/秒）")

    # The 绩效指标 rows alone, into the filings just written: bare, then django-import-export.
    objects = indicator_objects(rows)
    n_ind = len(objects)
    truncate_indicators()
    started = time.perf_counter()
    bare_indicators(objects)
    bare_ind = time.perf_counter() - started
    truncate_indicators()
    started = time.perf_counter()
    totals = import_export_indicators(objects)
    iex = time.perf_counter() - started
    print(f"绩效指标 {n_ind:,} 行单独写入：裸 bulk_create {bare_ind:.1f} s（{n_ind / bare_ind:,.0f} 行/秒）；"
          f"django-import-export {import_export.__version__} ModelResource（use_bulk）{iex:.1f} s"
          f"（{n_ind / iex:,.0f} 行/秒，新增 {totals.get('new', 0):,}），是裸 bulk_create 的 {iex / bare_ind:.2f}×")
    truncate()

    stages = {}
    last = [time.perf_counter(), None]

    def progress(label):
        # Stages summed by kind: 读取 (each sheet), 检查, 比对, 写入 (each table).
        now = time.perf_counter()
        if last[1]:
            stages[last[1]] = stages.get(last[1], 0) + now - last[0]
        last[:] = [now, next((k for k in ("读取", "写入") if label.startswith(k)), label)]

    started = time.perf_counter()
    result = run_import([("bench.xlsx", data)], dry_run=False, progress=progress)
    elapsed = time.perf_counter() - started
    stages[last[1]] = stages.get(last[1], 0) + time.perf_counter() - last[0]
    if not result.ok:
        print("导入失败：", *[str(p) for p in result.problems[:10]], sep="\n  ")
        raise SystemExit(1)
    print(f"导入（读取+检查+比对+写入，一个事务）：{elapsed:.1f} s（{total_rows / elapsed:,.0f} 行/秒）；"
          + "，".join(f"{k} {v:.1f} s" for k, v in stages.items()))
    print(f"与裸 bulk_create 之比：{elapsed / bare:.2f}×")
    ours, peer = total_rows / elapsed, n_ind / iex
    print(f"行/秒：本系统导入 {ours:,.0f}（全部表），django-import-export {peer:,.0f}（仅绩效指标，且不读文件、"
          f"不检查、不比对），裸 bulk_create {total_rows / bare:,.0f}；本系统 / django-import-export = {ours / peer:.2f}×")

    started = time.perf_counter()
    again = run_import([("bench.xlsx", data)], dry_run=False)
    unchanged = sum(c["unchanged"] for c in again.counts.values())
    print(f"重复导入同一文件（全部未变 {unchanged:,} 行，更新 {again.changed_filings} 份）："
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
