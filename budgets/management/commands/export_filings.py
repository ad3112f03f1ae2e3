from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgets.access import find_department
from budgets.importexport.export import export_filings, filings_for
from budgets.models import Department, District


class Command(BaseCommand):
    help = "按导入格式导出某年度的申报（整个区或一个部门），可直接再导入"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="预算年度")
        parser.add_argument("--department", help="部门编码或名称（不填则导出全部）")
        parser.add_argument("--district", help="区划代码（不填则不限）")
        parser.add_argument("--format", choices=["xlsx", "csv"], default=None,
                            help="xlsx 工作簿或 CSV（zip，每表一个文件）；默认按输出文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx 或 .zip）")

    def handle(self, year, department, district, format, output, **options):
        fmt = format or ("csv" if output.lower().endswith(".zip") else "xlsx")
        dept = dist = None
        if department:
            try:
                dept = find_department(department)
            except (Department.DoesNotExist, Department.MultipleObjectsReturned) as e:
                raise CommandError(str(e)) from None
        if district:
            dist = District.objects.filter(code=district).first()
            if dist is None:
                raise CommandError(f"没有区划代码为「{district}」的区")
        filings = list(filings_for(year, department=dept, district=dist))
        if not filings:
            raise CommandError(f"{year}年没有符合条件的申报")
        Path(output).write_bytes(export_filings(filings, fmt=fmt))
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(filings)} 份申报到 {output}"))
