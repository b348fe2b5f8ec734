"""`Authorization: Token <key>` for the API, against hashed, expiring, revocable keys."""
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import lockout
from .tokens import token_for_key, token_touch


class ApiTokenAuthentication(BaseAuthentication):
    """First in DEFAULT_AUTHENTICATION_CLASSES: its authenticate_header makes DRF
    answer 401 with `WWW-Authenticate: Token` (not 403) when credentials are missing
    or wrong. Unknown keys count towards the login lockout of the client's IP."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng “Token <khóa>”."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ.")) from None
        http_request = request._request
        if not lockout.token_failure_allowed(http_request):
            raise exceptions.Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail=lockout.lockout_message(),
            )
        token = token_for_key(key)
        if token is None:
            lockout.record_token_failure(http_request, sender=self.__class__)
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ."))
        now = timezone.now()
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("Khóa API đã bị thu hồi."))
        if token.is_expired(now):
            raise exceptions.AuthenticationFailed(_("Khóa API đã hết hạn."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản của khóa API đã bị vô hiệu hóa."))
        token_touch(token, now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Token <key>`: keys are created by administrators and expire.",
        }
