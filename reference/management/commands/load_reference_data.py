from django.core.management.base import BaseCommand, CommandError

from reference.loader import ReferenceDataError, reference_data_load


class Command(BaseCommand):
    help = (
        "Load the real network's countries, cities, ASCF, ASEAN chairs, meetings, documents, "
        "partners and twinnings from reference/data/. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            result = reference_data_load()
        except ReferenceDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        if options["verbosity"] > 1:
            for label, counts in sorted(result.counts.items()):
                self.stdout.write(f"  {label}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Reference data: {result}."))
