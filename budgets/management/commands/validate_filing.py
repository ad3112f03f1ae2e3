import json
import sys

from django.core.management.base import BaseCommand, CommandError

from budgets.access import FilingNotFound, find_filing
from budgets.validation import validate_filing
from indicators.validation.findings import Severity


class Command(BaseCommand):
    help = "校验一份申报（附件1、附件2、各附件3），列出错误、警告和提示；有错误时退出码为1，找不到申报时为2"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门编码或名称")
        parser.add_argument("year", type=int, help="预算年度")
        parser.add_argument("--format", dest="output_format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
        parser.add_argument("--filing-version", dest="filing_version", type=int, default=None, help="版本（默认最新）")
        parser.add_argument("--form-no", dest="form_no", type=int, default=None,
                            help="表号：默认部门整体支出绩效目标申报；项目支出绩效目标表为1、2、3…")

    def handle(self, department, year, output_format, filing_version, **options):
        try:
            filing = find_filing(department, year, filing_version, options["form_no"])
        except FilingNotFound as e:
            # 2, not 1: a script must tell "this filing has errors" from "there is no such filing".
            raise CommandError(str(e), returncode=2) from None

        findings = validate_filing(filing)
        if output_format == "json":
            self.stdout.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
        else:
            self.stdout.write(self.as_text(filing, findings))
        if any(f.severity == Severity.ERROR for f in findings):
            sys.exit(1)

    def as_text(self, filing, findings):
        counts = {s: sum(1 for f in findings if f.severity == s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        head = (f"{filing}：错误 {counts[Severity.ERROR]} 个，警告 {counts[Severity.WARNING]} 个，"
                f"提示 {counts[Severity.INFO]} 个")
        lines = [head]
        for f in findings:
            lines.append(f"[{f.severity.label}] {f.code}  {f.location.label}\n    {f.message}")
        return "\n".join(lines) + "\n"
