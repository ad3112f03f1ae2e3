from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from budgets.importexport.apply import WRITE_STEPS
from budgets.importexport.format import SHEETS
from budgets.importexport.service import run_import

# One step per stage run_import reports: each sheet read, checking, comparing, each table written.
CHECK_STEPS = 3


class Command(BaseCommand):
    help = "导入历年绩效目标（xlsx 工作簿、各表 CSV 或其 zip，格式见 docs/import-format.md）；全部成功才写入"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="一个或多个 .xlsx / .csv / .zip 文件，作为一次导入")
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示将新增/更新/删除的行数，不写入")

    def handle(self, files, dry_run, **options):
        payload = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"文件不存在：{name}")
            payload.append((path.name, path.read_bytes()))
        total = len(SHEETS) * len(payload) + CHECK_STEPS + (0 if dry_run else WRITE_STEPS)
        bar = tqdm(total=total, desc="导入", unit="步", file=self.stderr._out,
                   disable=options.get("verbosity", 1) == 0, bar_format="{desc:<16}{percentage:3.0f}%|{bar}| {elapsed}")
        started = [False]

        def progress(label):
            if started[0] and bar.n < bar.total - 1:
                bar.update(1)
            started[0] = True
            bar.set_description_str(label)

        try:
            # Recorded as an import batch, so that the same files imported again onto unchanged data are
            # known to change nothing without being read (importexport/snapshot.py).
            result = run_import(payload, dry_run=dry_run, progress=progress,
                                batch_label=", ".join(p[0] for p in payload), record=True)
        finally:
            bar.set_description_str("完成")
            bar.update(bar.total - bar.n)
            bar.close()
        self.stdout.write("\n".join(result.summary_lines()))
        if result.problems:
            for problem in result.problems[:100]:
                self.stdout.write(self.style.ERROR(f"  {problem}"))
            if result.problem_total > 100:
                self.stdout.write(f"  ……另有 {result.problem_total - 100} 处错误")
            raise CommandError(f"发现 {result.problem_total} 处错误，未写入任何数据")
        if dry_run:
            self.stdout.write(self.style.WARNING(f"试运行：将{result.outcome_line()}，未写入任何数据"))
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成：{result.outcome_line()}"))
