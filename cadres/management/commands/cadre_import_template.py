from django.core.management.base import BaseCommand

from cadres.importing import build_template


class Command(BaseCommand):
    help = "Write the XLSX template for importing cadres, planning entries and training records."

    def add_arguments(self, parser):
        parser.add_argument("output", help="path of the .xlsx file to write")

    def handle(self, *args, output, **options):
        with open(output, "wb") as stream:
            build_template(stream)
        self.stdout.write(self.style.SUCCESS(f"Template written to {output}"))
