from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Cán bộ")

    def ready(self):
        from . import (
            tasks,  # noqa: F401  (its receiver queues the imports the services store)
            workflow,  # noqa: F401  (registers the transition tables)
        )
