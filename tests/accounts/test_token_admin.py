"""Administrators create keys in the admin (the key is shown once) and revoke them."""
import datetime
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken, key_digest
from organizations.choices import Role

from .conftest import LIST_URL, with_key

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/accounts/apitoken/add/"
migration = importlib.import_module("accounts.migrations.0002_import_authtoken_keys")


def import_authtoken_keys_step():
    migration.import_authtoken_keys(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(role=Role.ADMIN, username="quantri"))
    return client


def test_an_administrator_creates_a_key_and_sees_it_once(admin_client, api_user, raw_api, tree):
    expires = timezone.localtime() + datetime.timedelta(days=90)
    response = admin_client.post(ADD_URL, {
        "user": api_user.pk, "name": "Cổng dữ liệu", "expires_at_0": expires.strftime("%Y-%m-%d"),
        "expires_at_1": expires.strftime("%H:%M:%S"),
    })
    assert response.status_code == 200, response.content.decode()[:2000]
    key = re.search(r'<code id="api-token-key">([^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == key_digest(key) and token.created_by.username == "quantri"
    assert token.expires_at.date() == expires.date()
    assert "no-store" in response["Cache-Control"]
    # The change page never shows it again.
    assert key not in admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert with_key(raw_api, key).get(LIST_URL).status_code == 200


def test_the_add_form_proposes_the_default_expiry(admin_client, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 365
    page = admin_client.get(ADD_URL).content.decode()
    expected = timezone.localdate() + datetime.timedelta(days=365)
    assert f'value="{expected:%d/%m/%Y}"' in page or f'value="{expected:%Y-%m-%d}"' in page


def test_the_revoke_action_stops_the_key(admin_client, token_and_key, raw_api):
    token, key = token_and_key
    response = admin_client.post("/admin/accounts/apitoken/", {
        "action": "revoke", "_selected_action": [token.pk],
    }, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert with_key(raw_api, key).get(LIST_URL).status_code == 401


def test_other_roles_cannot_manage_keys(client, make_user, tree):
    client.force_login(make_user(role=Role.INSPECTOR, organizations=[tree.city]))
    assert client.get(ADD_URL).status_code == 403


def test_the_demo_gives_the_api_client_a_key_once(tree):
    from io import StringIO

    from accounts import demo
    from organizations.models import User

    User.objects.create(username="api_client", role=Role.API_CLIENT)
    out = StringIO()
    token = demo.load(stdout=out)
    key = re.search(r"Token (\S+)", out.getvalue()).group(1)
    assert token.key_hash == key_digest(key)
    again = StringIO()
    assert demo.load(stdout=again) == token and "Token " not in again.getvalue()
    assert ApiToken.objects.count() == 1


def test_keys_of_the_former_authtoken_table_are_imported(api_user, raw_api, tree):
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint, '
                       'created timestamp)')
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [old_key, api_user.pk, timezone.now()])
    try:
        import_authtoken_keys_step()
        import_authtoken_keys_step()  # idempotent
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get()
    assert token.user == api_user and token.prefix == old_key[:8] and not token.is_expired()
    assert with_key(raw_api, old_key).get(LIST_URL).status_code == 200

