from django.core.management.base import BaseCommand, CommandError

from budgets.access import find_department
from budgets.models import Department, Filing
from budgets.text import filing_as_text


class Command(BaseCommand):
    help = "按表格阅读顺序以文本打印一份申报（附件1、附件2、各附件3及每行指标）"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门编码或名称")
        parser.add_argument("year", type=int, help="预算年度")
        parser.add_argument("--filing-version", dest="filing_version", type=int, default=None, help="版本（默认最新）")

    def handle(self, department, year, filing_version, **options):
        try:
            dept = find_department(department)
        except (Department.DoesNotExist, Department.MultipleObjectsReturned) as e:
            raise CommandError(str(e)) from None
        filings = Filing.objects.filter(department=dept, year=year).order_by("-version")
        if filing_version:
            filings = filings.filter(version=filing_version)
        filing = filings.first()
        if filing is None:
            raise CommandError(f"{dept.name} 没有 {year} 年的申报")
        self.stdout.write(filing_as_text(filing))
