"""Print filings to PDF from the command line: one filing, or a whole district-year bound together."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from approvals.pdf import ATTACHMENTS, PdfRenderError, render_filing_pdf
from approvals.pdf.bundle import find_district, latest_filings, render_bundle
from budgets.access import FilingNotFound, find_filing
from budgets.audit import log_action
from budgets.models import District


class Command(BaseCommand):
    help = "把绩效目标申报打印为PDF：单个部门（render_pdf 部门 年度 -o 文件），或一个区一年的全部申报（--district）。"

    def add_arguments(self, parser):
        parser.add_argument("department", nargs="?", help="部门编码或名称")
        parser.add_argument("year", nargs="?", type=int, help="预算年度")
        parser.add_argument("-o", "--output", required=True, help="输出的PDF文件")
        parser.add_argument("--attachment", type=int, choices=ATTACHMENTS, help="只打印某一个附件（1、2、3）")
        parser.add_argument("--filing-version", dest="filing_version", type=int, help="申报版本（默认最新版）")
        parser.add_argument("--form-no", dest="form_no", type=int, default=None,
                            help="表号：默认部门整体支出绩效目标申报；项目支出绩效目标表为1、2、3…")
        parser.add_argument("--district", help="区划代码、名称或简称：打印该区该年度全部申报，合订为一个PDF")
        parser.add_argument("--year", dest="district_year", type=int, help="与 --district 一起使用的预算年度")

    def handle(self, *args, **opts):
        out = Path(opts["output"])
        # Fail before a long render, with a message rather than a traceback.
        if out.is_dir() or opts["output"].endswith(("/", "\\")):
            raise CommandError(f"输出位置「{out}」是一个目录，请给出PDF文件名，例如 -o {out / '井龙2021.pdf'}")
        if not out.parent.is_dir():
            raise CommandError(f"输出目录「{out.parent}」不存在，请先创建它。")
        if opts["district"] and (opts["department"] or opts["year"]):
            raise CommandError("--district 打印整个区，不能同时给出部门和年度；年度请用 --year。")
        if opts["district"]:
            self._district(opts, out)
        else:
            self._one(opts, out)

    def _one(self, opts, out):
        if not opts["department"] or not opts["year"]:
            raise CommandError("请给出部门和年度，例如：render_pdf jinglong 2021 -o 井龙2021.pdf")
        try:
            filing = find_filing(opts["department"], opts["year"], opts["filing_version"], opts["form_no"])
        except FilingNotFound as exc:
            raise CommandError(str(exc)) from None
        attachments = (opts["attachment"],) if opts["attachment"] else ATTACHMENTS
        try:
            pdf = render_filing_pdf(filing, attachments)
        except PdfRenderError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(pdf)
        log_action("filing.printed", filing=filing, attachments=list(attachments), source="render_pdf")
        self.stdout.write(f"已生成 {out}（{filing}）")

    def _district(self, opts, out):
        year = opts["district_year"] or opts["year"]
        if not year:
            raise CommandError("请用 --year 给出年度，例如：render_pdf --district 石峰区 --year 2021 -o 石峰区2021.pdf")
        if opts["attachment"]:
            raise CommandError("--attachment 只用于单个部门的打印。")
        try:
            district = find_district(opts["district"])
        except District.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        filings = latest_filings(district, year)
        if not filings.exists():
            raise CommandError(f"{district.name}没有{year}年的申报。")

        def progress(items):
            return tqdm(items, desc="打印", unit="份", file=sys.stderr)

        try:
            with open(out, "wb") as fh:
                printed = render_bundle(filings, fh, progress=progress)
        except PdfRenderError as exc:
            out.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        for filing in printed:
            log_action("filing.printed", filing=filing, attachments=list(ATTACHMENTS), source="render_pdf --district")
        self.stdout.write(f"已生成 {out}（{district.name}{year}年，共{len(printed)}份申报）")
