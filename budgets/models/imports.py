from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """One uploaded import file, kept in the database between preview and confirm.

    The confirm request may reach another server process or container than the upload did; a temp
    file on one machine's disk would not be there (django-import-export #130/#1454), a row is.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "已预览"
        IMPORTED = "imported", "已导入"
        FAILED = "failed", "有错误"

    created = models.DateTimeField("上传时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name="上传人"
    )
    # The uploader's district when the file came in: whose 管理员 may see this record (superusers'
    # uploads have none and stay with superusers).
    district = models.ForeignKey(
        "budgets.District", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="所属区"
    )
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content = models.BinaryField("文件内容")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created"]

    def __str__(self):
        return f"{self.filename}（{self.created:%Y-%m-%d %H:%M}，{self.get_status_display()}）"

    @property
    def has_content(self):
        """False once emptied: refused at once, or purged after IMPORT_UPLOAD_RETENTION_DAYS."""
        return len(self.content or b"") > 0

    @property
    def can_confirm(self):
        return self.status == self.Status.PREVIEWED and self.has_content
