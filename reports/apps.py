from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from . import (
            builders,  # noqa: F401  (registers the report kinds)
            dashboard,  # noqa: F401  (its receivers drop cached figures on writes)
            signals,  # noqa: F401
            tasks,  # noqa: F401  (its receivers queue what the services ask for)
            workflow,  # noqa: F401  (registers the transition table)
        )
