from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from . import audit  # noqa: F401  (connects the history receiver)
        from .dates import install_form_messages

        install_form_messages()
