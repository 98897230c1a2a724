from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.open_data.files import open_data_zip


class Command(BaseCommand):
    help = "Write a zip of all public data (CSV and JSON) to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the zip file to write, e.g. ascn-open-data.zip")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(open_data_zip())
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size} bytes)."))
