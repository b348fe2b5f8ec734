from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Kiểm tra")

    def ready(self):
        from . import workflow  # noqa: F401  (registers the transition tables)
