from django.core.management.base import BaseCommand

from reports.schedules import DEFAULT_SCOPES, schedules_setup


class Command(BaseCommand):
    help = "Create the default report schedules in django-celery-beat (idempotent; edit them in the admin)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope", action="append", dest="scopes", metavar="CODE",
            help=f"Organization code to schedule reports for (repeatable). Default: {', '.join(DEFAULT_SCOPES)}.",
        )

    def handle(self, *args, scopes=None, **options):
        counts = schedules_setup(scope_codes=scopes or DEFAULT_SCOPES)
        self.stdout.write(self.style.SUCCESS(
            "Schedules: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)
        ))
