"""Yearly progress updates of a project and the evidence attached to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import text_limits
from core.models import VersionedModel

from .projects import Project


class UpdateStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ProgressUpdate(VersionedModel):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="updates", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"))
    status = models.CharField(_("status"), max_length=10, choices=UpdateStatus.choices)
    narrative = text_limits.BoundedTextField(
        _("progress"), blank=True, max_length=text_limits.SUMMARY
    )
    challenges = text_limits.BoundedTextField(
        _("challenges"), blank=True, max_length=text_limits.SUMMARY
    )
    support_needed = text_limits.BoundedTextField(
        _("support needed"), blank=True, max_length=text_limits.SUMMARY
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)
    # Whether the project is in its plan's latest publication, which makes the update public
    # (core.policy.visible_progress_updates). Written when the update is created and whenever
    # its plan is published (services/progress.py, services/publication.py), so that the public
    # list and its count read one partial index instead of joining every update to the
    # published projects.
    public = models.BooleanField(_("public"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["public"])

    class Meta:
        ordering = ["project", "-year"]
        indexes = [
            models.Index(
                fields=["project", "-year"], condition=Q(public=True), name="public_progress_update"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_update_per_project_year"),
            models.CheckConstraint(
                name="percent_complete_0_100", condition=Q(percent_complete__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}: {self.percent_complete}%"


class Evidence(models.Model):
    """A file attached to a progress update (photo, report) as evidence."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("update")
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/")
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name
