from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    """The rule engine: the Party's regulations checked against the records.
    It reads organizations, cadres and inspection; reports reads its results."""

    name = "rules"
    label = "rules"
    verbose_name = _("Kiểm tra theo quy định")

    def ready(self):
        from . import (
            catalogue,  # noqa: F401  (registers the rules)
            policy_provider,  # noqa: F401  (the rating flags follow the rules' settings)
            tasks,  # noqa: F401  (its receiver queues the runs the services ask for)
            workflow,  # noqa: F401  (registers the transition table)
        )
