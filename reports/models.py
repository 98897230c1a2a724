import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import text_limits

# The job stores its stage and known errors in English (gettext_noop); pages translate them.
PARTS_STAGE = re.compile(r"Sections and city annexes laid out: (?P<done>\d+) of (?P<total>\d+)")


# The files of a finished report by the format a reader asks for (`?format=`, `/file/<kind>/`).
REPORT_FILE_FIELDS = {
    "html": "html_file",
    "pdf": "pdf_file",
    "xlsx": "xlsx_file",
    "json": "json_file",
}


class AnnualReport(models.Model):
    """One assembly of the annual progress report for a year, built by Celery."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("current stage"), max_length=120, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("When a step of the job last reported progress; a stalled job is resumed."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data_hash = models.CharField(_("data hash"), max_length=64, blank=True)
    # ReportNarrative.FIELDS the built report has no text for: it cannot be published then.
    narrative_missing = models.JSONField(_("narrative missing"), default=list, blank=True)
    error = text_limits.BoundedTextField(_("error"), blank=True, max_length=text_limits.MESSAGE)
    html_file = models.FileField(_("HTML file"), upload_to="reports/", blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to="reports/", blank=True)
    xlsx_file = models.FileField(_("XLSX file"), upload_to="reports/", blank=True)
    json_file = models.FileField(_("JSON file"), upload_to="reports/", blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The shapes of these JSON fields are reports.annual.sections' NetworkContent and ReportBasis.
    network = models.JSONField(
        _("network sections"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The network sections' content, computed once and kept while the job runs."),
    )
    basis = models.JSONField(
        _("basis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "What the report was built from, recorded when the job started: the publication of "
            "each plan it used, and (for ASEC only) the plans still awaiting publication."
        ),
    )

    class Meta:
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(name="report_progress_0_100", condition=Q(progress__lte=100)),
            models.UniqueConstraint(
                fields=["year", "language"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_report_per_year_and_language",
            ),
            models.CheckConstraint(
                name="only_succeeded_reports_published",
                condition=Q(published=False) | Q(status="succeeded"),
            ),
        ]

    def __str__(self) -> str:
        return _("Annual report %(year)s (%(status)s)") % {
            "year": self.year,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def publication_ids(self) -> tuple[int, ...] | None:
        if not self.basis:
            return None
        return tuple(plan["publication"] for plan in self.basis["publications"])

    @property
    def stage_label(self) -> str:
        match = PARTS_STAGE.fullmatch(self.stage)
        if match:
            return (
                gettext("Sections and city annexes laid out: %(done)s of %(total)s")
                % match.groupdict()
            )
        return gettext(self.stage) if self.stage else ""

    @property
    def error_label(self) -> str:
        return gettext(self.error) if self.error else ""


class CityAnnex(models.Model):
    """One city's section of a report, computed by its own task and kept until assembly.

    Persisting annexes (rather than passing them through the broker) lets a re-delivered job
    after a worker crash reuse what was already computed, and gives the progress bar its count.
    """

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="annexes", verbose_name=_("report")
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    content = models.JSONField(_("content"))  # a reports.annual.sections.CityAnnexContent
    pdf = models.BinaryField(_("PDF part"), help_text=_("The annex laid out as PDF pages."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "city"], name="one_annex_per_city_and_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.city}"


class ReportPart(models.Model):
    """Network sections of a report laid out as PDF pages by their own task (a key of
    reports.annual.render.SECTION_KEYS), kept until the final task joins the parts."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="parts", verbose_name=_("report")
    )
    key = models.CharField(_("section"), max_length=40)
    pdf = models.BinaryField(_("PDF part"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_part_per_key_and_report"),
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.key}"


class PendingPart(models.Model):
    """A part of a report (a network section's key, or `city:<id>` for an annex) sent to the
    workers and not stored yet. The worker laying it out beats `heartbeat_at`; a part whose
    heartbeat stops was lost with its worker, and the resume beat task sends it again."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="pending_parts",
        verbose_name=_("report"),
    )
    key = models.CharField(_("part"), max_length=60)
    sent_at = models.DateTimeField(_("sent at"))
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # The Celery task that claimed it: a retry of that task (same id) takes its claim back.
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_pending_part_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.key}"


class ReportNarrative(models.Model):
    """One saved draft of what ASEC writes for a year's report in one language: every save is a
    new version (nothing is overwritten); the report uses the latest when it is built."""

    FIELDS = ("foreword", "executive_summary", "observations")

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    foreword = text_limits.BoundedTextField(
        _("foreword"), max_length=text_limits.DESCRIPTION, blank=True
    )
    executive_summary = text_limits.BoundedTextField(
        _("executive summary"), max_length=text_limits.DESCRIPTION, blank=True
    )
    observations = text_limits.BoundedTextField(
        _("observations and recommendations"), max_length=text_limits.DESCRIPTION, blank=True
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report narrative")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language", "version"], name="report_narrative_one_version"
            )
        ]
        ordering = ["year", "language", "-version"]

    def __str__(self) -> str:
        return f"{self.year} ({self.language}) v{self.version}"


class ReportHighlight(models.Model):
    """The project ASEC highlights, with its story, for one focus area (`focus_area` set) or one
    city (`city` set) in a version of the narrative: saved with that version (a new version copies
    the picks it does not change), so the report tells the story ASEC edited."""

    STORY = ("objective", "progress", "partners")

    narrative = models.ForeignKey(
        ReportNarrative, on_delete=models.CASCADE, related_name="highlights"
    )
    focus_area = models.CharField(_("focus area"), max_length=40, blank=True)  # its code
    city = models.CharField(_("city"), max_length=80, blank=True)  # its slug
    # The project's public id (its working row's): published copies change with each
    # publication, the project ASEC picked does not.
    project = models.PositiveIntegerField(_("project"))
    objective = text_limits.BoundedTextField(
        _("objective"), max_length=text_limits.SUMMARY, blank=True
    )
    progress = text_limits.BoundedTextField(
        _("progress"), max_length=text_limits.SUMMARY, blank=True
    )
    partners = text_limits.BoundedTextField(
        _("partners"), max_length=text_limits.SUMMARY, blank=True
    )

    class Meta:
        verbose_name = _("highlighted project")
        constraints = [
            models.UniqueConstraint(
                fields=["narrative", "focus_area", "city"], name="report_highlight_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.narrative} — {self.focus_area or self.city}"
