from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from . import otp


class AdminSite(admin.AdminSite):
    """The admin is entered through the site login (one place for lockout and the
    second factor); a user with a TOTP device must have passed it in this session."""

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return otp.is_verified(request.user) or not otp.has_confirmed_device(request.user)

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name),
                                 login_url=settings.LOGIN_URL)
