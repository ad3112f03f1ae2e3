"""Audit trail: one append-only row per state-changing action.

Rows outlive their subjects (SET_NULL plus name snapshots): a reviewer who leaves, a filing that is
deleted and re-imported, the trail still says who did what.
"""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    # The one place where action codes become words.
    ACTIONS = {
        "filing.created": "创建申报",
        "filing.imported": "历史导入",
        "filing.reimported": "重新导入（更正）",
        "filing.exported": "导出",
        "filing.printed": "打印",
    }

    created = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    actor_name = models.CharField("操作人（快照）", max_length=150, blank=True)
    filing = models.ForeignKey(
        "budgets.Filing", models.SET_NULL, null=True, blank=True, related_name="audit_entries", verbose_name="申报"
    )
    filing_label = models.CharField("申报（快照）", max_length=200, blank=True)
    # Whose district's trail this is; kept when the filing is deleted, so the row stays scoped.
    district = models.ForeignKey(
        "budgets.District", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="所属区"
    )
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action_display}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("操作日志只能追加，不能修改")
        super().save(*args, **kwargs)

    @property
    def action_display(self):
        return self.ACTIONS.get(self.action, self.action)


def log_action(action, *, actor=None, filing=None, district=None, **data):
    district_id = district.pk if district is not None else (
        filing.department.district_id if filing is not None else None)
    return AuditEntry.objects.create(
        district_id=district_id,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "系统",
        filing=filing,
        filing_label=str(filing) if filing is not None else "",
        data=data,
    )
