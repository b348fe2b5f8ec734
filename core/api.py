"""API plumbing shared by every app: pagination, permissions, structured errors."""
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError
from .pagination import Pagination  # noqa: F401  (settings name core.api.Pagination)
from .uploads import UploadTooLarge


@extend_schema_field(OpenApiTypes.INT)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record chosen by id among those in the requesting user's scope:
    an id outside it reads as "does not exist", never as the record."""

    model = None

    def __init__(self, model=None, **kwargs):
        self.model = model or self.model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.for_user(request.user if request else None)


class NaturalKeySerializerMixin:
    """A ModelSerializer that leaves the uniqueness of the model's natural key to
    the services, which answer a duplicate with 409 `duplicate` naming the
    existing record (core.natural_keys), not with DRF's 400."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_name in getattr(self.Meta.model, "NATURAL_KEY", ()):
            kwargs["validators"] = [v for v in kwargs.get("validators", []) if not isinstance(v, UniqueValidator)]
        return field_class, kwargs


def _error(code, message, fields=None, http_status=400):
    return Response(
        {"error": {"code": code, "message": str(message), "fields": fields or {}}},
        status=http_status,
    )


# DRF's related-field messages, which its catalogue leaves in English ("Invalid pk "7" - object does not
# exist."): in the request's language, and the same for an id outside the scope as for one that exists nowhere.
RELATED_MESSAGES = {
    "does_not_exist": gettext_lazy("Không có hồ sơ này (hoặc hồ sơ ngoài phạm vi phụ trách)."),
    "incorrect_type": gettext_lazy("Sai kiểu dữ liệu: cần mã định danh (id) của hồ sơ."),
}


def flatten_errors(detail):
    if isinstance(detail, dict):
        return {key: flatten_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [flatten_errors(item) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail) and detail.code in RELATED_MESSAGES:
        return str(RELATED_MESSAGES[detail.code])
    return str(detail)


def body_too_large_message():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return _("Nội dung gửi lên quá lớn (tối đa %(size)s MB); hãy chia nhỏ dữ liệu hoặc gửi tệp đính kèm.") % {
        "size": f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")}


def exception_handler(exc, context):
    if isinstance(exc, UploadTooLarge):
        return _error("too_large", str(exc), None, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, RequestDataTooBig):
        return _error("too_large", body_too_large_message(), None, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return _error("too_many_fields", _("Yêu cầu có quá nhiều trường hoặc quá nhiều tệp."), None)
    if isinstance(exc, ApplicationError):
        response = _error(exc.code, exc.message, flatten_errors(exc.fields), exc.status)
        request = context.get("request")
        for key, value in exc.extra.items():
            absolute = key.endswith("_url") and value and request is not None
            response.data["error"][key] = request.build_absolute_uri(value) if absolute else value
        if getattr(exc, "current", None) is not None:  # a stale write (core.versioning): the record as it is now
            response.data["error"]["current"] = exc.current
        return response
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return _error("invalid", _("Dữ liệu không hợp lệ."), fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = flatten_errors(detail) if isinstance(detail, dict) else {"non_field_errors": flatten_errors(detail)}
        return _error("invalid", _("Dữ liệu không hợp lệ."), fields, status.HTTP_400_BAD_REQUEST)
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", str(exc))
    message = flatten_errors(detail) if isinstance(detail, (dict, list)) else detail
    error = _error(code, message, None, response.status_code)
    # DRF's own headers tell clients how to go on: WWW-Authenticate on a 401, Retry-After on a 429.
    for header in ("WWW-Authenticate", "Retry-After"):
        if header in response:
            error[header] = response[header]
    return error
