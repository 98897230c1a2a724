"""Reporting cycles and each member city's submission for a cycle's year.

They live beside the progress updates they govern: the progress services enforce a cycle's lock,
and reports only read cycles, so the dependency keeps pointing from reports to action plans.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import text_limits
from core.models import VersionedModel


class CycleStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportingCycleQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CycleStatus.OPEN)


class ReportingCycle(models.Model):
    """One year of progress reporting: the cities report while it is open, until its deadline."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.PLANNED
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("The date the year's figures speak for.")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting cycle")
        constraints = [
            models.CheckConstraint(
                name="cycle_deadline_after_opening",
                condition=Q(opens_on__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=F("opens_on")),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("action_plans:cycle", args=[self.year])


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


# Submissions still waiting for the city or for ASEC (closing a cycle over them needs a yes).
OPEN_SUBMISSION = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.RETURNED,
)


class Submission(VersionedModel):
    """A member city's report for a cycle's year."""

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("reporting cycle"),
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("city")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NOT_STARTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # ASEC may let one city report after the deadline; the reason is in the submission's log.
    reopened = models.BooleanField(_("reopened after the deadline"), default=False)

    class Meta:
        ordering = ["cycle", "city__name"]
        verbose_name = _("submission")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "city"], name="one_submission_per_city_year"),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.cycle.year}"

    @property
    def year(self) -> int:
        return self.cycle.year


class SubmissionEvent(models.Model):
    """One step of a submission (submit, accept, return, reopen) or a reminder, kept forever."""

    class Action(models.TextChoices):
        START = "start", _("Started")
        SUBMIT = "submit", _("Submitted")
        ACCEPT = "accept", _("Accepted")
        RETURN = "return", _("Returned")
        REOPEN = "reopen", _("Reopened")
        REMIND = "remind", _("Reminded")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("submission")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    comment = text_limits.BoundedTextField(_("comment"), blank=True, max_length=text_limits.COMMENT)
    # Reminders: which one of the calendar (before, due, overdue), and to whom it went.
    reminder = models.CharField(_("reminder"), max_length=10, blank=True)
    recipients = text_limits.BoundedTextField(
        _("recipients"), blank=True, max_length=text_limits.DESCRIPTION
    )
    created_on = models.DateField(_("date"), auto_now_add=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Beat may run twice a day: a city gets at most one reminder a day.
            models.UniqueConstraint(
                fields=["submission", "created_on"],
                condition=Q(action="remind"),
                name="one_reminder_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission}: {self.action}"
