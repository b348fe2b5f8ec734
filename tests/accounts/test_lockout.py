"""Login throttling: LOGIN_FAILURE_LIMIT wrong passwords for one username from one
IP lock that pair out, with a Vietnamese message; the admin and API keys are covered."""
import pytest
from axes.models import AccessAttempt

from organizations.choices import Role

from .conftest import LIST_URL, with_key

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LOCKED_TEXT = "tạm bị khóa đăng nhập"


@pytest.fixture
def staff(make_user, tree):
    return make_user(role=Role.INSPECTOR, organizations=[tree.city], username="chuyenvien1",
                     password="mật-khẩu-đúng-2026")


def fail(client, username, times, **extra):
    return [client.post(LOGIN, {"username": username, "password": "sai"}, **extra) for _ in range(times)]


def test_the_default_limit_is_ten_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0].startswith("axes.")


def test_ten_wrong_passwords_lock_the_account_out_with_a_vietnamese_message(client, staff):
    responses = fail(client, staff.username, 10)
    assert all(r.status_code == 200 for r in responses[:9])
    assert responses[9].status_code == 429
    page = responses[9].content.decode()
    assert LOCKED_TEXT in page and "15 phút" in page
    # Even the right password is refused during the lockout.
    right = client.post(LOGIN, {"username": staff.username, "password": "mật-khẩu-đúng-2026"})
    assert right.status_code == 429 and LOCKED_TEXT in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_comes_from_the_settings(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [r.status_code for r in fail(client, staff.username, 3)] == [200, 200, 429]


def test_the_lockout_is_per_username_and_ip(client, staff, make_user):
    other = make_user(username="lanhdao2", password="mật-khẩu-khác-2026")
    fail(client, staff.username, 10)
    # Another user from the same address still logs in; the same user from another address too.
    assert client.post(LOGIN, {"username": other.username, "password": "mật-khẩu-khác-2026"}).status_code == 302
    client.logout()
    ok = client.post(LOGIN, {"username": staff.username, "password": "mật-khẩu-đúng-2026"}, REMOTE_ADDR="10.1.2.3")
    assert ok.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, staff):
    fail(client, staff.username, 9)
    assert client.post(LOGIN, {"username": staff.username, "password": "mật-khẩu-đúng-2026"}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_admin_login_is_the_site_login(client, staff):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    response = client.post("/admin/login/", {"username": staff.username, "password": "mật-khẩu-đúng-2026"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session  # no password check there


def test_unknown_api_keys_lock_the_address_out(raw_api, token_and_key, settings):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [with_key(raw_api, f"doan-bua-{n}").get(LIST_URL).status_code for n in range(3)]
    assert statuses == [401, 401, 429]
    # While locked, even a valid key from that address waits.
    locked = with_key(raw_api, token_and_key[1]).get(LIST_URL)
    assert locked.status_code == 429
    assert LOCKED_TEXT in locked.json()["error"]["message"] and int(locked["Retry-After"]) > 0
    # Another address is not concerned.
    assert with_key(raw_api, token_and_key[1]).get(LIST_URL, REMOTE_ADDR="10.9.9.9").status_code == 200


def test_behind_a_proxy_the_forwarded_client_address_is_used(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, staff.username, 2, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    ok = client.post(LOGIN, {"username": staff.username, "password": "mật-khẩu-đúng-2026"},
                     HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert ok.status_code == 302
