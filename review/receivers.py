"""The review app's answers to action_plans' hooks (action_plans/signals.py), connected when the
app is ready: flags on each saved claim, the checks before submitting and accepting, the
snapshots when a cycle closes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from action_plans.signals import (
    cycle_closed,
    indicator_value_saved,
    progress_saved,
    submission_accepting,
    submission_submitting,
)
from review import services
from review.models import Flag
from review.selectors import flags_with_objects, open_queries_of


@receiver(progress_saved, dispatch_uid="review.flags.progress")
def _progress_saved(sender, update, **kwargs):
    services.flags_refresh_update(update=update)


@receiver(indicator_value_saved, dispatch_uid="review.flags.value")
def _value_saved(sender, value, **kwargs):
    services.flags_refresh_value(value=value)


@receiver(submission_submitting, dispatch_uid="review.submit")
def _submitting(sender, submission, **kwargs):
    """A flagged claim needs an explanation, a file or a link before the report goes in."""
    waiting = flags_with_objects(
        Flag.objects.unanswered().filter(city=submission.city_id, year=submission.cycle.year)
    )
    missing = [_describe(flag) for flag in waiting]
    if missing:
        raise ValidationError(
            {
                "flags": [
                    _("Answer each flagged figure before submitting (%(count)s left):")
                    % {"count": len(missing)},
                    *missing,
                ]
            }
        )


def _describe(flag) -> str:
    where = flag.project.title
    if flag.value_id:
        where = f"{where} / {flag.value.indicator.name} {flag.year}"
    return f"{where}: {flag.message}"


@receiver(submission_accepting, dispatch_uid="review.accept")
def _accepting(sender, submission, **kwargs):
    count = open_queries_of(submission.city_id, submission.cycle.year).count()
    if count:
        raise ValidationError(
            _("%(count)s queries on this report are not resolved yet; resolve them first.")
            % {"count": count}
        )


@receiver(cycle_closed, dispatch_uid="review.snapshots")
def _cycle_closed(sender, cycle, **kwargs):
    services.snapshots_freeze(cycle=cycle)
