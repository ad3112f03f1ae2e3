"""A district's validation settings (domain.md §7): without a row the defaults apply."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from indicators.validation.catalog import RULES
from indicators.values import DEFAULT_GRADES, DEFAULT_VAGUE_WORDS

from .org import District


def _words(words):
    return "、".join(words)


class ValidationSettings(models.Model):
    """How strictly one district's reviewers want filings checked.

    Without a row the engine uses the same defaults (indicators/validation/config.py), so a new
    district works before anybody opens this page.
    """

    district = models.OneToOneField(
        District, models.CASCADE, related_name="validation_settings", verbose_name="区"
    )
    money_tolerance = models.DecimalField(
        "金额核对容差（万元）", max_digits=12, decimal_places=6, default=Decimal("0.005"),
        validators=[MinValueValidator(0, "容差不能为负数。")],
        help_text="资金总额、附件1与附件2、附件2与附件3等金额核对时允许的差额",
    )
    cost_tolerance = models.DecimalField(
        "成本测算容差（万元）", max_digits=12, decimal_places=6, default=Decimal("0.005"),
        validators=[MinValueValidator(0, "容差不能为负数。")],
        help_text="「每月×12」「单价×数量」与项目金额比较时允许的差额",
    )
    satisfaction_floor = models.DecimalField(
        "满意度下限（%）", max_digits=5, decimal_places=2, default=Decimal("80"),
        validators=[MinValueValidator(0, "满意度下限应在0到100之间。"),
                    MaxValueValidator(100, "满意度下限应在0到100之间。")],
        help_text="满意度指标值低于此值视为错误",
    )
    max_name_length = models.PositiveSmallIntegerField(
        "三级指标名称最长字数", default=25,
        validators=[MinValueValidator(1, "最长字数至少为1。"), MaxValueValidator(500, "最长字数不能超过500。")],
    )
    vague_words = models.TextField(
        "模糊用语", default=_words(DEFAULT_VAGUE_WORDS),
        help_text="指标值或三级指标名称中出现这些词时给出警告；以顿号、逗号或换行分隔",
    )
    grade_words = models.TextField(
        "定性分级用语", default=_words(DEFAULT_GRADES),
        help_text="指标值恰为其中之一时视为定性分级，不按模糊用语处理；以顿号、逗号或换行分隔",
    )
    sheet_per_leaf = models.BooleanField(
        "附件3按末级子项填报", default=False,
        help_text="勾选：附件2中每个末级支出方向（有子项时为各子项）各需一张附件3；"
                  "不勾选：每个附件2一级支出方向一张附件3",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "校验规则设置"
        verbose_name_plural = "校验规则设置"
        ordering = ["district"]

    def __str__(self):
        return f"{self.district} 校验规则设置"


class RuleOverride(models.Model):
    """One rule made stricter, milder or switched off for a district."""

    class Level(models.TextChoices):
        ERROR = "error", "错误（阻止送审）"
        WARNING = "warning", "警告（须确认）"
        INFO = "info", "提示"
        OFF = "off", "关闭"

    settings = models.ForeignKey(ValidationSettings, models.CASCADE, related_name="overrides", verbose_name="校验规则设置")
    # Codes come from indicators/validation/catalog.py; the admin offers them as a list.
    code = models.CharField("规则", max_length=40)
    severity = models.CharField("级别", max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = "规则级别"
        verbose_name_plural = "规则级别"
        ordering = ["settings", "code"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "code"], name="rule_override_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} → {self.get_severity_display()}"

    def clean(self):
        if self.code not in RULES:
            raise ValidationError({"code": f"没有规则「{self.code}」"})
