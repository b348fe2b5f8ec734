"""Login in one or two steps: the password, then, for a user with a confirmed
TOTP device, the code. The admin sends its logins here too."""
from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.qr import write_qrcode_image

from organizations.choices import Role

from . import lockout, otp
from .forms import OTPCodeForm

WRONG_CODE = gettext_lazy("Mã xác thực không đúng hoặc đã hết hạn. Sau mỗi lần sai cần chờ lâu hơn một chút "
                          "trước khi thử lại.")


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
            form.add_error("code", WRONG_CODE)
            return self.form_invalid(form)
        self.user.otp_device = device  # django_otp records the device in the session on login
        login(self.request, self.user, backend=self.pending["backend"])
        redirect_to = self.pending["next"]
        otp.clear_pending(self.request)
        return redirect(redirect_to or reverse("home"))

    def _verify(self, code):
        with transaction.atomic():
            for device in otp.confirmed_devices(self.user).select_for_update():
                if otp.verify(device, code):
                    return device
        return None


class OTPSetupView(LoginRequiredMixin, FormView):
    """A person turns the second factor on (scan the QR code, type a code) or off
    (type a code). API clients have no use for it: they use keys."""

    form_class = OTPCodeForm
    template_name = "accounts/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role == Role.API_CLIENT:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enabled"] = otp.has_confirmed_device(self.request.user)
        if not context["enabled"]:
            device = otp.enrolment_device(self.request.user)
            context["secret"] = b32encode(device.bin_key).decode()
        return context

    def form_valid(self, form):
        user, code = self.request.user, form.cleaned_data["code"]
        with transaction.atomic():
            if otp.has_confirmed_device(user):
                devices = list(otp.confirmed_devices(user).select_for_update())
                if not any(otp.verify(device, code) for device in devices):
                    return self._wrong_code(form)
                otp.confirmed_devices(user).delete()
                messages.success(self.request, _("Đã tắt xác thực hai bước."))
            else:
                device = otp.enrolment_device(user)
                if not otp.verify(device, code):
                    return self._wrong_code(form)
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(self.request, device)  # this session has just proved the second factor
                messages.success(self.request, _("Đã bật xác thực hai bước: từ nay đăng nhập cần mã trên điện thoại."))
        return redirect("accounts:otp-setup")

    def _wrong_code(self, form):
        form.add_error("code", WRONG_CODE)
        return self.form_invalid(form)


@login_required
def otp_qrcode(request):
    """The QR code of the device being enrolled (an SVG from our own origin)."""
    if otp.has_confirmed_device(request.user):
        raise Http404
    response = HttpResponse(content_type="image/svg+xml")
    write_qrcode_image(otp.enrolment_device(request.user).config_url, response)
    return response
