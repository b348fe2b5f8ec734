from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/otp/", views.OTPLoginView.as_view(), name="login-otp"),
    path("otp/", views.OTPSetupView.as_view(), name="otp-setup"),
    path("otp/qrcode/", views.otp_qrcode, name="otp-qrcode"),
]
