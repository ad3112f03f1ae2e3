from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from budgets.admin_importexport import purge_stale_tmp_files
from budgets.importexport.retention import purge_uploads, retention_days


class Command(BaseCommand):
    help = "清除早于保留期限的导入上传文件内容（导入批次记录保留）和超过一天未确认的部门、专项资金导入预览文件；可由 cron 每日运行"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"保留天数（默认取设置 IMPORT_UPLOAD_RETENTION_DAYS，当前为 {retention_days()} 天）")

    def handle(self, days, **options):
        days = retention_days() if days is None else days
        if days < 0:
            raise CommandError("--days 不能为负数")
        report = purge_uploads(days)
        stale = purge_stale_tmp_files()
        if stale:
            self.stdout.write(f"已删除部门、专项资金导入的未确认预览文件 {stale} 个（超过一天未确认）。")
        cutoff = timezone.localtime(report.cutoff).strftime("%Y-%m-%d %H:%M")
        emptied = report.imported + report.not_imported
        if not emptied and not report.failed_rows:
            self.stdout.write(f"没有需要清除的上传文件（保留 {days} 天，{cutoff} 之前上传的已全部清除）。")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已清除 {cutoff} 之前上传的 {emptied} 个导入文件的内容（保留 {days} 天）："
            f"已导入 {report.imported} 个，未确认的预览 {report.not_imported} 个。"))
        if report.failed_rows:
            self.stdout.write(f"另清除 {report.failed_rows} 个有错误的导入批次保存的出错行。")
        self.stdout.write("导入批次的记录（文件名、大小、校验值、结果摘要）仍保留在 系统管理 → 导入批次。")
