import os

from django.core.management.base import BaseCommand, CommandError

from cadres.importing import import_workbook
from core.errors import ApplicationError
from core.services import SYSTEM
from organizations.models import User


class Command(BaseCommand):
    help = (
        "Import cadres, planning entries and training records from an XLSX file. Nothing is saved when a row "
        "is invalid, unless --only-valid is given (the run is logged)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--only-valid", action="store_true", help="save the valid rows and skip the bad ones")
        parser.add_argument("--user", help="username whose scope limits the import (default: no limit)")

    def handle(self, *args, file, only_valid=False, user=None, **options):
        account = SYSTEM
        if user:
            account = User.objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Unknown user {user}")
        try:
            with open(file, "rb") as stream:
                result = import_workbook(stream, user=account, only_valid=only_valid, filename=os.path.basename(file))
        except (OSError, ApplicationError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc
        for error in result.errors:
            self.stdout.write(str(error))
        for sheet, counts in result.counts.items():
            self.stdout.write(
                f"{sheet}: {counts['rows']} rows, {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged, {counts['rejected']} rejected"
            )
        if not result.saved:
            raise CommandError(f"{len(result.errors)} invalid rows: nothing was saved.")
        self.stdout.write(self.style.SUCCESS("Import saved."))
