"""Cities learning from each other (issue 18): case studies of projects, and connections between
ASCN cities that act on a peer suggestion.

Both point at the WORKING project (the row other tables point at); what a reader sees of the
project comes from the layer the policy gives them (`policy.visible_projects`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel

TEXT_LIMIT = 6000  # characters per section: a case study is a few pages, not a report
MAX_FILES = 8


class CaseStudy(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    # A case study describes the project's work; deleting the project removes it with it.
    project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.CASCADE,
        related_name="case_studies",
        verbose_name=_("project"),
    )
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("city"),
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), max_length=TEXT_LIMIT)
    solution = models.TextField(_("the solution"), max_length=TEXT_LIMIT)
    results = models.TextField(_("results"), max_length=TEXT_LIMIT, blank=True)
    indicators = models.ManyToManyField(
        "action_plans.Indicator",
        blank=True,
        related_name="case_studies",
        verbose_name=_("indicators showing the results"),
    )
    cost_and_funding = models.TextField(_("cost and funding"), max_length=TEXT_LIMIT, blank=True)
    partners = models.TextField(_("partners"), max_length=TEXT_LIMIT, blank=True)
    lessons = models.TextField(
        _("what the city would do differently"), max_length=TEXT_LIMIT, blank=True
    )
    replication = models.TextField(
        _("how another city could replicate it"), max_length=TEXT_LIMIT, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-published_at", "-updated_at", "pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                name="published_case_study_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:case_study", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CaseStudyFile(models.Model):
    """A photo or document of a case study, checked by `core.uploads`."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="files", verbose_name=_("case study")
    )
    file = models.FileField(_("file"), upload_to="case-studies/%Y/")
    original_name = models.CharField(_("original name"), max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Connection(models.Model):
    """One ASCN city asks another to connect about a project; the other accepts or declines.
    An accepted connection may be recorded as a study visit or a twinning inside ASEAN."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class Outcome(models.TextChoices):
        NONE = "", _("Not recorded yet")
        STUDY_VISIT = "study_visit", _("Study visit")
        TWINNING = "twinning", _("Twinning between ASCN cities")

    from_city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("asking city")
    )
    to_city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked city")
    )
    from_project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project of the asking city"),
    )
    to_project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project to learn from"),
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reply = models.TextField(_("reply"), max_length=2000, blank=True)
    outcome = models.CharField(
        _("recorded as"), max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.TextField(_("note"), max_length=2000, blank=True)
    twinning = models.OneToOneField(
        "partners.Twinning",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="connection",
        verbose_name=_("twinning"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("connection between cities")
        verbose_name_plural = _("connections between cities")
        constraints = [
            models.CheckConstraint(
                name="connection_between_two_cities", condition=~Q(from_city=F("to_city"))
            ),
            # A second request while one is waiting is a duplicate, not a reminder.
            models.UniqueConstraint(
                fields=["from_city", "to_city"],
                condition=Q(status="pending"),
                name="one_pending_connection_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_city} → {self.to_city}"

    def get_absolute_url(self) -> str:
        return reverse("learning:connection", args=[self.pk])
