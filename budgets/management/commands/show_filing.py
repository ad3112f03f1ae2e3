from django.core.management.base import BaseCommand, CommandError

from budgets.access import FilingNotFound, find_filing
from budgets.text import filing_as_text


class Command(BaseCommand):
    help = "按表格阅读顺序以文本打印一份申报（附件1、附件2、各附件3及每行指标）"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门编码或名称")
        parser.add_argument("year", type=int, help="预算年度")
        parser.add_argument("--filing-version", dest="filing_version", type=int, default=None, help="版本（默认最新）")
        parser.add_argument("--form-no", dest="form_no", type=int, default=None,
                            help="表号：默认部门整体支出绩效目标申报；项目支出绩效目标表为1、2、3…")

    def handle(self, department, year, filing_version, **options):
        try:
            filing = find_filing(department, year, filing_version, options["form_no"])
        except FilingNotFound as e:
            raise CommandError(str(e)) from None
        self.stdout.write(filing_as_text(filing))
