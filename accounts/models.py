"""API keys: only a SHA-256 digest of the key is stored; the key itself is shown
once, when an administrator creates it. A key works until it expires or is
revoked (by hand, or when its user's password changes)."""
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RevocationReason


def key_digest(key: str) -> str:
    """Keys are long random strings, so a fast hash is enough: nothing to brute-force."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng")
    )
    name = models.CharField(_("tên khóa"), max_length=100, help_text=_("Hệ thống hoặc mục đích dùng khóa."))
    prefix = models.CharField(
        _("tiền tố"), max_length=8, editable=False, help_text=_("Vài ký tự đầu của khóa, để nhận ra khóa.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("người tạo"),
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revoked_reason = models.CharField(
        _("lý do thu hồi"), max_length=20, choices=RevocationReason.choices, blank=True, editable=False
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked_idx")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, at=None):
        return self.expires_at <= (at or timezone.now())

    @property
    def is_revoked(self):
        return self.revoked_at is not None
