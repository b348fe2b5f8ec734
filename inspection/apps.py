from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Kiểm tra")

    def ready(self):
        from core import concern
        from organizations.panels import register

        from . import workflow  # noqa: F401  (registers the transition tables)
        from .selectors import co_concerned_organizations
        from .views.organization_panel import inspection_panel

        register(inspection_panel)
        concern.register(co_concerned_organizations)
