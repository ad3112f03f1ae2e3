from django.db import models

from .org import District


class ReviewStage(models.Model):
    """One stage of a district's review chain (e.g. 业务股 → 绩效股), in order.

    A district without stages has one: 区财政局审核 (`chain_of`).
    """

    district = models.ForeignKey(District, models.CASCADE, related_name="review_stages", verbose_name="所属区")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("环节名称", max_length=50)

    class Meta:
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"
        ordering = ["district", "order"]
        constraints = [
            models.UniqueConstraint(fields=["district", "order"], name="review_stage_unique_order"),
            models.CheckConstraint(condition=models.Q(order__gte=1), name="review_stage_order_positive",
                                   violation_error_message="环节顺序从1开始。"),
        ]

    def __str__(self):
        return f"{self.district} 第{self.order}环节：{self.name}"


DEFAULT_CHAIN = ["区财政局审核"]


def chain_of(district_id):
    """The district's stage names in order; stage N is chain[N - 1]."""
    names = list(ReviewStage.objects.filter(district_id=district_id).order_by("order").values_list("name", flat=True))
    return names or DEFAULT_CHAIN
