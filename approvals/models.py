"""The review workflow's records: revisions (what was submitted), reviews (each stage's decision),
comments on rows, and in-app notifications.

The lifecycle itself (states, who may do what) is budgets.lifecycle; the changes go through
approvals.services only. The audit log lives in budgets (budgets.models.audit), below this app.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from budgets.lifecycle import DIMENSIONS, GRADES, RETURN_MODES
from budgets.models import Filing


class Immutable(models.Model):
    """Written once: a revision or decision is a record of what was, never edited afterwards."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError("已送审的版本和审核结论一经生成即不可修改。")
        super().save(*args, **kwargs)


class Revision(Immutable):
    """The whole filing as submitted in one round: every table with its natural row keys (the
    export's row format), the page as it read, and the findings and acknowledged warnings."""

    filing = models.ForeignKey(Filing, models.PROTECT, related_name="revisions", verbose_name="申报")
    number = models.PositiveSmallIntegerField("送审轮次")
    created_at = models.DateTimeField("送审时间", auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                     verbose_name="送审人")
    submitted_by_name = models.CharField("送审人", max_length=150)
    tables = models.JSONField("各表内容", default=dict)
    html = models.TextField("送审时的申报内容")
    findings = models.JSONField("送审时的检查结果", default=list)
    acknowledged = models.JSONField("已确认的警告", default=list)
    total_amount = models.DecimalField("资金总额", max_digits=18, decimal_places=6, null=True)
    # Counted once at 送审, so that lists show them without reading the findings.
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("警告数", default=0)

    class Meta:
        verbose_name = "送审版本"
        verbose_name_plural = "送审版本"
        ordering = ["filing", "-number"]
        constraints = [models.UniqueConstraint(fields=["filing", "number"], name="one_revision_number_per_filing")]

    def __str__(self):
        return f"{self.filing} 第{self.number}轮送审"



class Review(Immutable):
    """One stage's decision on one revision, with the 审核表 (four dimensions and the overall grade)."""

    class Action(models.TextChoices):
        APPROVE = "approve", "审核通过"
        RETURN = "return", "退回修改"
        REJECT = "reject", "不予通过"

    filing = models.ForeignKey(Filing, models.PROTECT, related_name="reviews", verbose_name="申报")
    revision = models.ForeignKey(Revision, models.PROTECT, related_name="reviews", verbose_name="送审版本")
    stage = models.PositiveSmallIntegerField("审核环节")
    stage_name = models.CharField("环节名称", max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                              verbose_name="审核人")
    actor_name = models.CharField("审核人", max_length=150)
    action = models.CharField("结论", max_length=10, choices=Action.choices)
    grade = models.CharField("总体评级", max_length=1, choices=GRADES)
    # {"completeness": {"grade": "A", "note": "…"}, …} for lifecycle.DIMENSIONS.
    dimensions = models.JSONField("分项评级", default=dict)
    reason = models.TextField("理由", blank=True)
    suggestion = models.TextField("修改建议", blank=True)
    return_mode = models.CharField("退回方式", max_length=10, choices=RETURN_MODES, blank=True)
    # 良: the reviewer's own minor corrections, each [{"where", "field", "old", "new"}, …].
    corrections = models.JSONField("审核人修改", default=list, blank=True)
    # The filing's optimistic-lock counter right after the decision: while it is unchanged, nobody
    # has acted since, and the stage may still take the decision back (取消审核).
    filing_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField("审核时间", auto_now_add=True)
    undone_at = models.DateTimeField("取消时间", null=True, blank=True)

    class Meta:
        verbose_name = "审核结论"
        verbose_name_plural = "审核结论"
        ordering = ["filing", "created_at", "pk"]

    def __str__(self):
        return f"{self.filing} 第{self.stage}环节 {self.get_action_display()}（{self.get_grade_display()}）"

    def dimension_rows(self):
        labels = dict(GRADES)
        return [(label, labels.get(self.dimensions.get(code, {}).get("grade"), ""),
                 self.dimensions.get(code, {}).get("note", "")) for code, label in DIMENSIONS]


class Comment(models.Model):
    """审核意见 on the whole filing or one place in it (a header field, a 附件2 line, a 附件3 sheet,
    one indicator), addressed by the revision's natural row keys so that it survives re-import,
    copying and the next round."""

    class Verdict(models.TextChoices):
        OK = "ok", "通过"
        FIX = "fix", "需修改"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿（来自检查结果）"
        OPEN = "open", "未处理"
        ADDRESSED = "addressed", "已处理"
        RESOLVED = "resolved", "已解决"
        DISMISSED = "dismissed", "已忽略"

    class Visibility(models.TextChoices):
        UNIT = "unit", "填报单位可见"
        INTERNAL = "internal", "仅财政局内部"

    filing = models.ForeignKey(Filing, models.CASCADE, related_name="comments", verbose_name="申报")
    revision = models.ForeignKey(Revision, models.PROTECT, related_name="comments", verbose_name="提出于")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField("提出人", max_length=150)
    stage = models.PositiveSmallIntegerField("审核环节", default=1)
    target = models.CharField("位置", max_length=200, default="filing")
    target_label = models.CharField("位置", max_length=300, default="整份申报")
    # Where in the wizard the unit fixes it (a step key and an anchor), kept with the comment.
    step = models.CharField(max_length=40, blank=True)
    anchor = models.CharField(max_length=100, blank=True)
    text = models.TextField("意见")
    verdict = models.CharField("结论", max_length=5, choices=Verdict.choices, default=Verdict.FIX)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    visibility = models.CharField("可见范围", max_length=10, choices=Visibility.choices, default=Visibility.UNIT)
    finding_code = models.CharField("来自检查规则", max_length=40, blank=True)
    reply = models.TextField("填报单位说明", blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["filing", "created_at", "pk"]

    def __str__(self):
        return f"{self.target_label}：{self.text[:30]}"

    @property
    def is_open(self):
        return self.state in (self.State.OPEN, self.State.ADDRESSED)


class Notification(models.Model):
    """An in-app message about one filing (送审, 退回, 批复, 不予通过); e-mailed too where the user has
    an address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    filing = models.ForeignKey(Filing, models.CASCADE, related_name="+", null=True)
    text = models.CharField("内容", max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.text
