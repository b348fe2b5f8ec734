"""Login throttling with django-axes: failures are counted per (username, client
IP); at AXES_FAILURE_LIMIT the pair is locked out for AXES_COOLOFF_TIME. The same
counter covers the site login, the admin (which uses the site login), the second
factor and API keys (unknown keys count against one pseudo-user per IP)."""
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Unknown API keys are counted as failures of this pseudo-user, per client IP.
TOKEN_USERNAME = "<khóa API>"


def client_ip(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the
    outermost of them saw (the entries before it in X-Forwarded-For can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR")


def cooloff_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message():
    return _(
        "Tài khoản tạm bị khóa đăng nhập vì đã nhập sai %(limit)s lần. Vui lòng thử lại sau %(minutes)s phút "
        "hoặc liên hệ quản trị hệ thống."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the reason (HTML), or the API's error shape."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": {"code": "locked_out", "message": lockout_message(), "fields": {}}}, status=status
        )
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
    return render(
        request, "registration/login.html",
        {"locked_out": True, "lockout_message": lockout_message(), "next": request.GET.get("next", "")},
        status=status,
    )


def token_failure_allowed(request) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_allowed(request, {"username": TOKEN_USERNAME})


def record_token_failure(request, sender) -> None:
    user_login_failed.send(sender=sender, credentials={"username": TOKEN_USERNAME}, request=request)
