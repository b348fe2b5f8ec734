"""Abstract pieces shared by the inspection models."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload


class StoredFile(models.Model):
    """An uploaded file with its checked type, size and SHA-256. The content is
    checked once, when the file arrives; a stored file is never replaced."""

    file = models.FileField(_("tệp"), upload_to="inspection/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True, editable=False, db_index=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+", editable=False,
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name or (self.file.name if self.file else "")

    def clean(self):
        super().clean()
        if self.file and not self.sha256:
            info = validate_upload(self.file)
            self.original_name, self.size = info.name, info.size
            self.sha256, self.content_type = info.sha256, info.content_type
