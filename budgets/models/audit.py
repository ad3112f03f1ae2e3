"""Audit trail: one append-only row per state-changing action (pretix's LogEntry, RTD's audit log).

Rows outlive their subjects (SET_NULL plus name snapshots): a reviewer who leaves, a filing that is
deleted and re-imported, the trail still says who did what. An entry points at its target
generically (a filing, a 附件2 row, an indicator …), so comments and events can attach to one row;
it is never edited and never deleted.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .filing import Filing
from .org import District


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("操作日志只能追加，不能删除")

    def update(self, **kwargs):
        raise TypeError("操作日志只能追加，不能修改")


class AuditEntry(models.Model):
    # The one place where action codes become words.
    ACTIONS = {
        "filing.created": "创建申报",
        "filing.saved": "保存填报",
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
        Filing, models.SET_NULL, null=True, blank=True, related_name="audit_entries", verbose_name="申报"
    )
    filing_label = models.CharField("申报（快照）", max_length=200, blank=True)
    # Whose district's trail this is; kept when the filing is deleted, so the row stays scoped.
    district = models.ForeignKey(
        District, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="所属区"
    )
    # What the action was done to, when that is more than the filing: a row, an indicator, a user.
    target_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="对象类型")
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField("对象（快照）", max_length=200, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created", "-id"]
        indexes = [
            # A row's or an indicator's own history (comments and events of the workflow to come).
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action_display}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("操作日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("操作日志只能追加，不能删除")

    @property
    def action_display(self):
        return self.ACTIONS.get(self.action, self.action)
