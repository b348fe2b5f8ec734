from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/otp/", views.OTPLoginView.as_view(), name="login-otp"),
]
