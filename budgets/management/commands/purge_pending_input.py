from django.core.management.base import BaseCommand
from django.utils import timezone

from budgets.models import PendingInput


class Command(BaseCommand):
    help = "删除已过期的未保存填写内容（登录过期或未通过检查时暂存，保留 7 天）；可由 cron 每日运行"

    def handle(self, **options):
        # Expired input is never offered back (recovery.pending_for), so removing it loses nothing a user
        # could still restore; it only stops typed drafts from piling up in the database.
        deleted, _ = PendingInput.objects.filter(expires__lte=timezone.now()).delete()
        left = PendingInput.objects.count()
        if deleted:
            self.stdout.write(self.style.SUCCESS(f"已删除 {deleted} 条过期的未保存填写内容；尚未过期的 {left} 条保留。"))
        else:
            self.stdout.write(f"没有过期的未保存填写内容；尚未过期的 {left} 条保留。")
