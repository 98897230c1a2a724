"""Reporting cycles and the member cities' yearly submissions (SPEC "Time").

A cycle is planned, then open (cities report until the deadline), then closed. Each member city of
the year has one submission: not started → in progress (its first update of the year) → submitted
(CSCO) → accepted or returned (ASEC). After the deadline the year is locked for a city unless ASEC
reopens it for that city, with a reason that stays in the submission's log.
"""

from __future__ import annotations

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import (
    OPEN_SUBMISSION,
    CycleStatus,
    ProgressUpdate,
    ReportingCycle,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from action_plans.services._common import require
from action_plans.signals import cycle_closed, submission_accepting, submission_submitting
from cities.models import City
from core import policy

CYCLE_DATES = ("opens_on", "deadline", "as_of")
SUBMITTABLE = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.RETURNED,
)


class OpenSubmissions(ValidationError):
    """Closing a cycle whose submissions still wait for a city or for ASEC needs a yes."""

    def __init__(self, submissions: list[Submission]):
        self.submissions = submissions
        names = ", ".join(f"{s.city.name} ({s.get_status_display()})" for s in submissions)
        super().__init__(
            {
                "confirm": _("These submissions are still open: %(names)s. Confirm to close.")
                % {"names": names}
            }
        )


# --- Cycles ----------------------------------------------------------------------------------


def cycle_create(*, actor, year: int, **dates) -> ReportingCycle:
    require(policy.can_manage_cycles(actor))
    if ReportingCycle.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a reporting cycle for this year.")})
    cycle = ReportingCycle(year=year, **_dates(dates))
    cycle.full_clean()
    cycle.save()
    return cycle


def cycle_update(*, cycle: ReportingCycle, actor, data: dict) -> ReportingCycle:
    """Change the opening date, deadline or as-of date (a later deadline helps every city)."""
    require(policy.can_manage_cycles(actor))
    with transaction.atomic():
        current = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
        for name, value in _dates(data).items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
    return current


def _dates(data: dict) -> dict:
    unknown = sorted(set(data) - set(CYCLE_DATES))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    return data


def cycle_open(*, cycle: ReportingCycle, actor) -> ReportingCycle:
    """Open the year for reporting: every city that is a member that year gets its submission."""
    require(policy.can_manage_cycles(actor))
    with transaction.atomic():
        current = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
        _check_can_open(current)
        current.status = CycleStatus.OPEN
        current.opened_at = timezone.now()
        current.save(update_fields=["status", "opened_at"])
        submissions_ensure(cycle=current)
    return current


def _check_can_open(cycle: ReportingCycle) -> None:
    if cycle.status == CycleStatus.OPEN:
        raise ValidationError(_("This reporting cycle is already open."))
    if cycle.deadline is None:
        raise ValidationError({"deadline": _("Set a deadline before opening the cycle.")})
    other = ReportingCycle.objects.open().exclude(pk=cycle.pk).first()
    if other:
        raise ValidationError(
            _("The %(year)s cycle is still open; close it first.") % {"year": other.year}
        )


def submissions_ensure(*, cycle: ReportingCycle) -> int:
    """A submission for each member city of the year that has none (idempotent)."""
    have = set(cycle.submissions.values_list("city_id", flat=True))
    members = City.objects.filter(joined_year__lte=cycle.year).exclude(pk__in=have)
    started = set(_cities_with_updates(cycle.year))
    created = Submission.objects.bulk_create(
        Submission(
            cycle=cycle,
            city=city,
            status=SubmissionStatus.IN_PROGRESS
            if city.pk in started
            else SubmissionStatus.NOT_STARTED,
        )
        for city in members
    )
    return len(created)


def _cities_with_updates(year: int):
    return (
        ProgressUpdate.objects.filter(year=year, project__layer="working")
        .values_list("project__plan__city", flat=True)
        .distinct()
    )


def cycle_close(*, cycle: ReportingCycle, actor, confirm: bool = False) -> ReportingCycle:
    """Close the year; with submissions still open, only when `confirm` says so."""
    require(policy.can_manage_cycles(actor))
    with transaction.atomic():
        current = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
        if current.status != CycleStatus.OPEN:
            raise ValidationError(_("Only an open reporting cycle can be closed."))
        waiting = list(
            current.submissions.filter(status__in=OPEN_SUBMISSION).select_related("city")
        )
        if waiting and not confirm:
            raise OpenSubmissions(waiting)
        current.status = CycleStatus.CLOSED
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_at"])
        cycle_closed.send(sender=ReportingCycle, cycle=current, actor=actor)
    return current


# --- Submissions -----------------------------------------------------------------------------


def report_locked(submission: Submission, *, today=None) -> bool:
    """Whether the city can no longer change or hand in its report for the year."""
    cycle = submission.cycle
    if cycle.status != CycleStatus.OPEN:
        return True
    today = today or timezone.localdate()
    overdue = cycle.deadline is not None and today > cycle.deadline
    return overdue and not submission.reopened


def progress_lock_message(*, city_id: int, year: int) -> str | None:
    """Why progress of a city for a year may not change now, or None when it may."""
    cycle = ReportingCycle.objects.filter(year=year).first()
    if cycle is None:
        return None
    submission = cycle.submissions.filter(city=city_id).first()
    if submission is None:
        return (
            None
            if cycle.status == CycleStatus.OPEN
            else _("The %(year)s cycle is closed.") % {"year": year}
        )
    submission.cycle = cycle
    if report_locked(submission):
        return _("The %(year)s report is locked: its deadline has passed.") % {"year": year}
    if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
        return _("The %(year)s report has been submitted; ASEC can return it for changes.") % {
            "year": year
        }
    return None


def submission_touch(*, city_id: int, year: int) -> None:
    """A city's first update of the year puts its report in progress (and says so in its log)."""
    waiting = Submission.objects.filter(
        city=city_id, cycle__year=year, status=SubmissionStatus.NOT_STARTED
    ).first()
    if waiting and Submission.objects.filter(pk=waiting.pk, status=waiting.status).update(
        status=SubmissionStatus.IN_PROGRESS
    ):
        SubmissionEvent.objects.create(submission=waiting, action=SubmissionEvent.Action.START)


def _step(submission, *, actor, action, to_status, comment="", check, **changes) -> Submission:
    with transaction.atomic():
        current = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("cycle", "city")
            .get(pk=submission.pk)
        )
        check(current)
        current.status = to_status
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        SubmissionEvent.objects.create(
            submission=current, action=action, actor=_person(actor), comment=comment
        )
    return current


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def submission_submit(*, submission: Submission, actor, comment: str = "") -> Submission:
    """The CSCO hands in the city's report for the year."""
    require(policy.can_submit_report(actor, submission))

    def check(current):
        if report_locked(current):
            raise ValidationError(
                _("The report is locked: the cycle is closed or its deadline has passed.")
            )
        if current.status not in SUBMITTABLE:
            raise ValidationError(_("This report has already been submitted."))
        submission_submitting.send(sender=Submission, submission=current, actor=actor)

    return _step(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.SUBMIT,
        to_status=SubmissionStatus.SUBMITTED,
        comment=comment,
        check=check,
        submitted_at=timezone.now(),
    )


def _must_be_submitted(current):
    if current.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted or returned."))


def submission_accept(*, submission: Submission, actor, comment: str = "") -> Submission:
    require(policy.can_review_submission(actor, submission))

    def check(current):
        _must_be_submitted(current)
        submission_accepting.send(sender=Submission, submission=current, actor=actor)

    return _step(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.ACCEPT,
        to_status=SubmissionStatus.ACCEPTED,
        comment=comment,
        check=check,
        accepted_at=timezone.now(),
    )


def submission_return(*, submission: Submission, actor, comment: str) -> Submission:
    """ASEC sends the report back to the city; the comment says what to change."""
    require(policy.can_review_submission(actor, submission))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the city should change.")})
    return _step(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.RETURN,
        to_status=SubmissionStatus.RETURNED,
        comment=comment,
        check=_must_be_submitted,
    )


def submission_reopen(*, submission: Submission, actor, reason: str) -> Submission:
    """Let one city report after the deadline (the reason is logged)."""
    require(policy.can_reopen_submission(actor, submission))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})

    def check(current):
        if current.cycle.status != CycleStatus.OPEN:
            raise ValidationError(_("Open the cycle again before reopening a city's report."))
        if current.status == SubmissionStatus.ACCEPTED:
            raise ValidationError(_("This report has been accepted."))

    status = submission.status
    if status == SubmissionStatus.SUBMITTED:
        status = SubmissionStatus.RETURNED
    return _step(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.REOPEN,
        to_status=status,
        comment=reason,
        check=check,
        reopened=True,
    )


# --- The past ---------------------------------------------------------------------------------


def cycles_derive(*, years, registry=django_apps) -> int:
    """Closed cycles for past years, each member city's submission derived from the updates it
    has: accepted when the city reported that year, else not started. Existing rows are kept, so
    it can run again (the data migration and the demo seeder call it)."""
    cycle_model = registry.get_model("action_plans", "ReportingCycle")
    submission_model = registry.get_model("action_plans", "Submission")
    update_model = registry.get_model("action_plans", "ProgressUpdate")
    city_model = registry.get_model("cities", "City")
    created = 0
    for year in years:
        cycle, _new = cycle_model.objects.get_or_create(
            year=year, defaults={"status": CycleStatus.CLOSED}
        )
        reported = dict(
            update_model.objects.filter(year=year, project__layer="working")
            .values_list("project__plan__city")
            .annotate(last=Max("submitted_at"))
        )
        have = set(submission_model.objects.filter(cycle=cycle).values_list("city_id", flat=True))
        rows = [
            _derived(submission_model, cycle, city_id, reported.get(city_id))
            for city_id in city_model.objects.filter(joined_year__lte=year)
            .exclude(pk__in=have)
            .values_list("pk", flat=True)
        ]
        created += len(submission_model.objects.bulk_create(rows))
    return created


def _derived(model, cycle, city_id: int, last_update):
    if last_update is None:
        return model(cycle=cycle, city_id=city_id, status=SubmissionStatus.NOT_STARTED)
    return model(
        cycle=cycle,
        city_id=city_id,
        status=SubmissionStatus.ACCEPTED,
        submitted_at=last_update,
        accepted_at=last_update,
    )
