"""Login in one or two steps: the password, then, for a user with a confirmed
TOTP device, the code. The admin sends its logins here too."""
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from . import lockout, otp
from .forms import OTPCodeForm


class LoginView(auth_views.LoginView):
    def form_valid(self, form):
        user = form.get_user()
        if otp.has_confirmed_device(user):
            otp.start_pending(self.request, user, self.get_success_url())
            return redirect("accounts:login-otp")
        return super().form_valid(form)


class OTPLoginView(FormView):
    """The second step. Wrong codes count towards the same lockout as wrong passwords."""

    form_class = OTPCodeForm
    template_name = "registration/login_otp.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = otp.pending(request)
        if self.pending is None:
            otp.clear_pending(request)
            return redirect("login")
        self.user = get_user_model().objects.filter(pk=self.pending["user"], is_active=True).first()
        if self.user is None:
            otp.clear_pending(request)
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            return lockout.lockout_response(self.request)
        device = self._verify(form.cleaned_data["code"])
        if device is None:
            user_login_failed.send(sender=self.__class__, credentials=credentials, request=self.request)
            form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
            return self.form_invalid(form)
        self.user.otp_device = device  # django_otp records the device in the session on login
        login(self.request, self.user, backend=self.pending["backend"])
        redirect_to = self.pending["next"]
        otp.clear_pending(self.request)
        return redirect(redirect_to or reverse("home"))

    def _verify(self, code):
        with transaction.atomic():
            for device in otp.confirmed_devices(self.user).select_for_update():
                allowed, _details = device.verify_is_allowed()
                if allowed and device.verify_token(code):
                    return device
        return None
