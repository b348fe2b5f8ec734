"""API keys: hashed, shown once, expire, revocable; a wrong or missing key is a 401."""
import datetime

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.utils import timezone

from accounts.choices import RevocationReason
from accounts.models import ApiToken, key_digest
from accounts.tokens import api_token_create

from .conftest import LIST_URL, with_key

pytestmark = pytest.mark.django_db


def test_a_valid_key_reads_the_api(raw_api, token_and_key, tree):
    token, key = token_and_key
    response = with_key(raw_api, key).get(LIST_URL)
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} >= {"tu", "q3"}


def test_only_a_hash_of_the_key_is_stored(token_and_key):
    token, key = token_and_key
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert key not in {str(value) for value in stored.values()}
    assert stored["key_hash"] == key_digest(key) and stored["prefix"] == key[:8]
    assert len(key) >= 40


def test_new_keys_expire_after_the_configured_lifetime(api_user, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token, _ = api_token_create(user=api_user, name="B")
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)


def assert_401(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()["error"]
    assert body["code"] in {"not_authenticated", "authentication_failed"} and body["message"]
    return body["message"]


def test_no_credentials_is_401_with_www_authenticate(raw_api, tree):
    assert_401(raw_api.get(LIST_URL))


def test_an_unknown_key_is_401(raw_api, token_and_key):
    assert_401(with_key(raw_api, "x" * 43).get(LIST_URL))


def test_a_malformed_header_is_401(raw_api, token_and_key):
    raw_api.credentials(HTTP_AUTHORIZATION="Token two parts")
    assert_401(raw_api.get(LIST_URL))


def test_an_expired_key_is_refused(raw_api, token_and_key):
    token, key = token_and_key
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "hết hạn" in assert_401(with_key(raw_api, key).get(LIST_URL))


def test_a_revoked_key_is_refused(raw_api, token_and_key):
    token, key = token_and_key
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now(), revoked_reason=RevocationReason.MANUAL)
    assert "thu hồi" in assert_401(with_key(raw_api, key).get(LIST_URL))


def test_a_key_of_a_deactivated_user_is_refused(raw_api, token_and_key, api_user):
    api_user.is_active = False
    api_user.save()
    assert_401(with_key(raw_api, token_and_key[1]).get(LIST_URL))


def test_a_password_change_revokes_the_users_keys(raw_api, token_and_key, api_user, make_user):
    other_token, other_key = api_token_create(user=make_user(role="api_client"), name="Khác")
    token, key = token_and_key
    api_user.set_password("một mật khẩu mới rất dài")
    api_user.save()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == RevocationReason.PASSWORD_CHANGED
    assert_401(with_key(raw_api, key).get(LIST_URL))
    other_token.refresh_from_db()
    assert other_token.revoked_at is None  # another user's keys are untouched


def test_saving_a_user_without_a_new_password_keeps_the_keys(token_and_key, api_user):
    api_user.first_name = "Hệ thống kết nối A"
    api_user.save()
    token, _ = token_and_key
    token.refresh_from_db()
    assert token.revoked_at is None


class FastPBKDF2Hasher(PBKDF2PasswordHasher):
    iterations = 2


def test_a_hash_upgrade_at_login_is_not_a_password_change(token_and_key, api_user, settings):
    # A hash made by a hasher that is no longer preferred is upgraded on the next
    # successful check (and saved): same password, so the keys stay valid.
    api_user.password = make_password("mật khẩu cũ rất dài", hasher="md5")
    api_user.save()
    settings.PASSWORD_HASHERS = [f"{__name__}.FastPBKDF2Hasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    api_user.refresh_from_db()
    assert api_user.check_password("mật khẩu cũ rất dài")
    api_user.refresh_from_db()
    assert api_user.password.startswith("pbkdf2_sha256$")  # the upgrade happened
    token, _ = token_and_key
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_is_written_at_most_once_a_minute(raw_api, token_and_key, django_assert_num_queries):
    token, key = token_and_key
    client = with_key(raw_api, key)
    client.get(LIST_URL)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(LIST_URL)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(LIST_URL)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_the_schema_documents_the_token_header(raw_api, make_user, client):
    client.force_login(make_user(role="admin"))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
