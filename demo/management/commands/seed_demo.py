import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DemoError, demo_seed

MAX_SCALE = 100


class Command(BaseCommand):
    help = (
        "Load the reference data, then fictional demo content for every member city (plans, "
        "projects, progress 2018–2025, partners' interests, meeting decisions) and the demo "
        "accounts, whose password is DEMO_PASSWORD. Deterministic: the same content every run. "
        "Running it again changes nothing; --replace loads it anew. --scale N adds N−1 "
        "synthetic copies of the network for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Copies of the network to create (default 1)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove demo content already loaded and load it again (e.g. at another scale).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (not for production).",
        )

    def handle(self, *args, scale, replace, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo loads fictional people and progress; it refuses to run with DEBUG off, "
                "as in production. Use --force if this really is a demo or test server."
            )
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale must be between 1 and {MAX_SCALE}, not {scale}.")
        call_command("load_reference_data", verbosity=options["verbosity"])
        started = time.monotonic()
        try:
            counts = demo_seed(scale=scale, replace=replace)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if counts is None:
            self.stdout.write(f"Demo content (scale {scale}) is already loaded; nothing changed.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {seconds:.1f} s: {summary}."))
