"""Services for API keys: create (the only moment the key exists in clear),
revoke, and resolve a presented key."""
import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .choices import RevocationReason
from .models import ApiToken, key_digest

PREFIX_LENGTH = 8
# last_used_at is refreshed at most this often, so a busy client does not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def default_expiry(now=None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def assign_new_key(token: ApiToken) -> str:
    """Give an unsaved token a fresh key; returns the key, which is not kept anywhere."""
    key = new_key()
    token.prefix = key[:PREFIX_LENGTH]
    token.key_hash = key_digest(key)
    return key


@transaction.atomic
def api_token_create(*, user, name: str, expires_at=None, created_by=None) -> tuple[ApiToken, str]:
    token = ApiToken(user=user, name=name, expires_at=expires_at or default_expiry(), created_by=created_by)
    key = assign_new_key(token)
    token.full_clean()
    token.save()
    return token, key


def api_tokens_revoke(*, tokens, reason: str = RevocationReason.MANUAL) -> int:
    """Revoke the still-unrevoked tokens of a queryset; returns how many."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_reason=reason)


def token_for_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_hash=key_digest(key)).first()


def token_touch(token: ApiToken, now=None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
