"""Typed input that was not saved: the session had expired or the page's CSRF token was stale, or the user
left a step without saving it (budgets.entry.recovery).

Kept server-side under a random token (never in the session, which may be exactly what was lost) and
offered back, on the same step, only to the user the page was rendered for; one per user and page.
"""

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

KEEP_FOR = timedelta(days=7)


def new_token():
    return secrets.token_urlsafe(24)


class PendingInput(models.Model):
    token = models.CharField("令牌", max_length=64, unique=True, default=new_token, editable=False)
    username = models.CharField("用户名", max_length=150, db_index=True)
    path = models.CharField("页面", max_length=300)
    # The POST as a browser sent it: {name: [values]} (formsets repeat names only through prefixes,
    # but checkboxes and multi-selects may repeat).
    data = models.JSONField("填写内容", default=dict)
    created = models.DateTimeField("时间", auto_now_add=True)
    expires = models.DateTimeField("过期时间")

    class Meta:
        verbose_name = "未保存的填写内容"
        verbose_name_plural = "未保存的填写内容"
        indexes = [
            # The step page asks: does this user have anything pending for this page?
            models.Index(fields=["username", "path"], name="pending_input_user_path"),
        ]

    def __str__(self):
        return f"{self.username} {self.path}"

    def save(self, *args, **kwargs):
        if self.expires is None:
            self.expires = timezone.now() + KEEP_FOR
        super().save(*args, **kwargs)


class FilingCheck(models.Model):
    """A filing's findings as last computed, with the progress they give (我的填报, the progress bar).

    Valid while the filing is at `revision` (every save moves it on) and the rules' other inputs, the
    district's settings, the framework, the layout and the rules' own code, hash to `rules_key`
    (budgets.entry.status): pages of an unchanged filing show it instead of running the rules again.
    """

    filing = models.OneToOneField("budgets.Filing", models.CASCADE, primary_key=True, related_name="check_cache",
                                  verbose_name="申报")
    revision = models.PositiveIntegerField("修改次数")
    rules_key = models.CharField("校验依据摘要", max_length=64)
    findings = models.JSONField("校验结果", default=list)
    done = models.PositiveSmallIntegerField("已完成步骤数")
    total = models.PositiveSmallIntegerField("步骤数")
    checked_at = models.DateTimeField("校验时间", auto_now=True)

    class Meta:
        verbose_name = "校验结果缓存"
        verbose_name_plural = "校验结果缓存"

    def __str__(self):
        return f"{self.filing_id} 第{self.revision}次修改"
