import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.demo import DEMO_PASSWORD

# Each app contributes its part of the demo in <app>/demo.py: load(stdout).
DEMO_MODULES = [
    "organizations.demo", "accounts.demo", "cadres.demo", "inspection.demo", "rules.demo", "reports.demo",
]


class Command(BaseCommand):
    help = "Load the demo data of Conclusion Notice 3150-TB/TU (idempotent) and the demo users."

    def handle(self, *args, **options):
        users = []
        with transaction.atomic():
            for name in DEMO_MODULES:
                if importlib.util.find_spec(name) is None:
                    continue
                result = importlib.import_module(name).load(stdout=self.stdout)
                if name == "organizations.demo":
                    users = result
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password: {DEMO_PASSWORD}):"))
        for user in users:
            scope = ", ".join(user.organizations.values_list("name", flat=True)) or "toàn bộ"
            self.stdout.write(f"  {user.username:<14} {user.get_role_display():<28} {scope}")
