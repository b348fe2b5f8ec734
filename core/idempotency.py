"""`Idempotency-Key` on API POSTs (creations and workflow actions).

A client that retries a POST with the same key and the same body within the
retention time gets the first response again (status and body, with
`Idempotent-Replayed: true`) and nothing is done twice; the same key with
another body is refused with 422; a retry while the first is still running
gets 409. Keys are stored per user and pruned daily (core.tasks).
"""
import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255


def retention() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24))


class IdempotencyKey(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_lazy("khóa"), max_length=MAX_KEY_LENGTH)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True, default="")
    body = models.BinaryField(default=b"")

    class Meta:
        app_label = "core"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]
        verbose_name = _lazy("khóa chống gửi trùng")
        verbose_name_plural = _lazy("khóa chống gửi trùng")


def prune_expired(now=None) -> int:
    now = now or timezone.now()
    deleted, _details = IdempotencyKey.objects.filter(created_at__lt=now - retention()).delete()
    return deleted


def _error(code, message, status):
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def _authenticated_user(request):
    """The API user of the request, authenticated the way the API view will."""
    drf_request = Request(request, authenticators=[cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES])
    try:
        user = drf_request.user
    except exceptions.APIException:
        return None  # the view answers the bad credentials itself
    return user if user is not None and user.is_authenticated else None


def _fingerprint(request):
    digest = hashlib.sha256()
    for part in (request.method, request.get_full_path(), request.content_type or ""):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith(self.API_PREFIX):
            return self.get_response(request)
        user = _authenticated_user(request)
        if user is None:  # 401 comes first, whatever the key
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _error("invalid_idempotency_key",
                          _("Idempotency-Key phải có từ 1 đến %(max)s ký tự in được.") % {"max": MAX_KEY_LENGTH}, 400)
        return self._once(request, user, key)

    def _once(self, request, user, key):
        fingerprint = _fingerprint(request)
        now = timezone.now()
        IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=now - retention()).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint, created_at=now)
        except IntegrityError:
            return self._replay(IdempotencyKey.objects.get(user=user, key=key), fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500 or getattr(response, "streaming", False):
            record.delete()  # nothing was done for sure: the client may retry with the same key
            return response
        record.completed = True
        record.status_code = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.body = response.content
        record.save(update_fields=["completed", "status_code", "content_type", "body"])
        return response

    @staticmethod
    def _replay(record, fingerprint):
        if record.fingerprint != fingerprint:
            return _error("idempotency_key_reused",
                          _("Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới."), 422)
        if not record.completed:
            return _error("idempotency_in_progress",
                          _("Yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau."), 409)
        response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type)
        response["Idempotent-Replayed"] = "true"
        return response
