from django.core.management.base import BaseCommand

from action_plans.models import CycleStatus, ReportingCycle
from review.services import snapshots_freeze


class Command(BaseCommand):
    help = (
        "Freeze the snapshot of each member city for every closed reporting cycle that has none "
        "(cycles closed before the review existed, or derived for past years), and record in "
        "snapshots frozen without them the publications current when the cycle closed. "
        "Idempotent: a snapshot once frozen is never rewritten."
    )

    def handle(self, *args, **options):
        for cycle in ReportingCycle.objects.filter(status=CycleStatus.CLOSED).order_by("year"):
            created = snapshots_freeze(cycle=cycle)
            self.stdout.write(f"{cycle.year}: {created} snapshots frozen.")
