from django.core.management.base import BaseCommand

from inspection.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Create the default periodic tasks of the inspection app (idempotent)."

    def handle(self, *args, **options):
        created = ensure_schedules()
        self.stdout.write("Schedule created." if created else "Schedule already present.")
