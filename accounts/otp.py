"""The second factor (TOTP, django-otp): required at login for users who have a
confirmed device, optional for everyone else."""
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_SESSION_KEY = "accounts_otp_pending"
PENDING_SECONDS = 300


def has_confirmed_device(user) -> bool:
    return bool(user and user.is_authenticated and user_has_device(user, confirmed=True))


def is_verified(user) -> bool:
    """True when the session's login passed the second factor (OTPMiddleware sets is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk")


def start_pending(request, user, redirect_to: str) -> None:
    """Remember, between the password step and the code step, who passed the password."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk, "backend": user.backend, "next": redirect_to, "at": timezone.now().timestamp(),
    }


def pending(request) -> dict | None:
    data = request.session.get(PENDING_SESSION_KEY)
    if not data or timezone.now().timestamp() - data.get("at", 0) > PENDING_SECONDS:
        return None
    return data


def clear_pending(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


ENROLMENT_DEVICE_NAME = "Ứng dụng xác thực"


def enrolment_device(user) -> TOTPDevice:
    """The user's device waiting for its first code (created on first visit)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)


def verify(device, code) -> bool:
    allowed, _details = device.verify_is_allowed()
    return bool(allowed and device.verify_token(code))
