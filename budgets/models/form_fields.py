"""其他栏目: cells a published form prints that no column of ours means.

Forms from elsewhere carry fields of their own: 归口科室, 填报日期 and 联系电话 in the header, a
「（2022年度）」 line under the title written their way, 「财政部门审核意见」 or 「单位负责人签字」
boxes left blank at the foot. Rather than drop them, a filing keeps each one as printed, its label
and its text, and every view prints it in its place (budgets/reading.py).
"""

from django.db import models

from .filing import Filing, PartOfFiling


class FormField(PartOfFiling, models.Model):
    class Place(models.TextChoices):
        TITLE = "title", "标题下"
        HEADER = "header", "表头"
        FOOTER = "footer", "表尾"

    filing = models.ForeignKey(Filing, models.CASCADE, related_name="form_fields", verbose_name="申报")
    order = models.PositiveIntegerField("行号")
    place = models.CharField("位置", max_length=8, choices=Place.choices, default=Place.HEADER)
    label = models.CharField("栏目", max_length=200, blank=True, help_text="按表内原文；可空（只有内容的一行）")
    text = models.TextField("内容", blank=True, help_text="按表内原文；可空（留白待填的栏目）")

    class Meta:
        verbose_name = "其他栏目"
        verbose_name_plural = "其他栏目"
        ordering = ["filing_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "order"], name="form_field_order_unique",
                                    violation_error_message="同一份申报的其他栏目行号不能重复。"),
        ]

    def __str__(self):
        return self.label or self.text[:20]

    def owning_filing(self):
        return self.filing if self.filing_id else None
