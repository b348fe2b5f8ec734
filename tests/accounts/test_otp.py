"""The second factor: a user with a confirmed TOTP device gives a code after the
password; the admin refuses a session that skipped it."""
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.choices import Role

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
OTP = "/accounts/login/otp/"
PASSWORD = "mật-khẩu-quản-trị-2026"


@pytest.fixture
def admin_user(make_user):
    return make_user(role=Role.ADMIN, username="quantri2", password=PASSWORD)


@pytest.fixture
def device(admin_user):
    return TOTPDevice.objects.create(user=admin_user, name="Điện thoại", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_without_a_device_the_password_is_enough(client, admin_user):
    response = client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_with_a_device_the_password_alone_does_not_log_in(client, admin_user, device):
    response = client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == OTP
    assert "_auth_user_id" not in client.session
    page = client.get(OTP)
    assert "Mã xác thực" in page.content.decode()


def test_the_right_code_logs_in_and_opens_the_admin(client, admin_user, device):
    client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD, "next": "/admin/"})
    response = client.post(OTP, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(admin_user.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_vietnamese(client, admin_user, device):
    client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD})
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(OTP, {"code": wrong})
    assert response.status_code == 200 and "Mã xác thực không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_lockout(client, admin_user, device, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD})
    device.throttling_enabled = False
    statuses = []
    for _ in range(2):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
        statuses.append(client.post(OTP, {"code": "000000" if current_code(device) != "000000" else "111111"})
                        .status_code)
    assert statuses == [200, 429]


def test_the_code_step_needs_the_password_step_first(client, device):
    assert client.get(OTP)["Location"] == LOGIN


def test_the_admin_refuses_a_session_without_the_second_factor(client, admin_user, device):
    client.force_login(admin_user)  # a session that did not go through the code step
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_administrator_sees_the_qr_code_of_a_device(client, make_user, device):
    client.force_login(make_user(role=Role.ADMIN, username="quantri3"))
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    assert page.status_code == 200
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_a_leader_turns_the_second_factor_on_then_needs_it(client, make_user, tree):
    leader = make_user(role=Role.LEADER, organizations=[tree.q3], username="lanhdao9", password=PASSWORD)
    client.force_login(leader)
    page = client.get("/accounts/otp/").content.decode()
    assert "Bật xác thực hai bước" in page
    qr = client.get("/accounts/otp/qrcode/")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and "no-store" in qr["Cache-Control"]
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert client.post("/accounts/otp/", {"code": "12345a"}).status_code == 200  # wrong: still off
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post("/accounts/otp/", {"code": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    response = client.post(LOGIN, {"username": leader.username, "password": PASSWORD})
    assert response["Location"] == OTP and "_auth_user_id" not in client.session


def test_turning_it_off_needs_a_code(client, admin_user, device):
    client.post(LOGIN, {"username": admin_user.username, "password": PASSWORD})
    client.post(OTP, {"code": current_code(device)})
    assert "Tắt xác thực hai bước" in client.get("/accounts/otp/").content.decode()
    assert client.post("/accounts/otp/", {"code": "000000" if current_code(device) != "000000" else "111111"}) \
        .status_code == 200
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()


def test_api_clients_have_no_second_factor_page(client, make_user):
    client.force_login(make_user(role=Role.API_CLIENT))
    assert client.get("/accounts/otp/").status_code == 403
