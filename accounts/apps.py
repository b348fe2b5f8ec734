from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và bảo mật")

    def ready(self):
        from . import signals  # noqa: F401  (a password change revokes the user's API keys)


class AdminConfig(admin_apps.AdminConfig):
    """The admin with the second factor enforced for users who enrolled one
    (named in INSTALLED_APPS instead of django.contrib.admin)."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
