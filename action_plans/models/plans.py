"""Action plans, their workflow steps and their publications; the layers (working copy,
published, superseded) that every piece of a plan's content belongs to."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import text_limits
from core.models import VersionedModel

from .periods import PlanPeriod


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    PUBLISHED = "published", _("Published")


# The fields of a plan that its publications write (not the city's edits: no history of them).
PUBLISHED_COPY = ["published_revision", "published_vision", "published_targets"]


class ActionPlanQuerySet(models.QuerySet):
    def published(self):
        """Plans ASEC has published at least once. The public reads their latest publication,
        whatever revision is under way in the working copy."""
        return self.filter(published_revision__isnull=False)


class ActionPlan(VersionedModel):
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("city")
    )
    period = models.ForeignKey(
        PlanPeriod, on_delete=models.PROTECT, related_name="plans", verbose_name=_("plan period")
    )
    vision = text_limits.BoundedTextField(
        _("vision"), blank=True, max_length=text_limits.DESCRIPTION
    )
    strategic_targets = text_limits.BoundedTextField(
        _("strategic targets"), blank=True, max_length=text_limits.DESCRIPTION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("Increases each time a published plan is revised.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The plan's latest publication as every reader who may not see the working copy reads it in
    # lists, filters, search and counts: a copy of its snapshot's values, written with the
    # published layer (services/publication.py), like the published rows of its projects.
    published_revision = models.PositiveIntegerField(
        _("published revision"), null=True, blank=True, editable=False
    )
    published_vision = models.TextField(_("published vision"), blank=True, editable=False)
    published_targets = models.TextField(
        _("published strategic targets"), blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=PUBLISHED_COPY)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["city__name", "-period__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "period"], name="one_plan_per_city_period"),
        ]
        # The published plans, counted from this index alone (the public plan list's pages, issue
        # 21) rather than by reading every plan's row, vision and targets included.
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(published_revision__isnull=False),
                name="plan_published",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.period_start}–{self.period_end}"

    # The years live on the period; list pages select_related("period") to read them.
    @property
    def period_start(self) -> int:
        return self.period.start_year

    @property
    def period_end(self) -> int:
        return self.period.end_year

    def get_absolute_url(self) -> str:
        return reverse("action_plans:detail", args=[self.pk])


class PlanTransition(models.Model):
    """One step of the plan workflow, kept forever."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        ENDORSE = "endorse", _("Endorsed")
        RETURN = "return", _("Returned")
        PUBLISH = "publish", _("Published")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("plan")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_transitions",
        verbose_name=_("actor"),
    )
    comment = text_limits.BoundedTextField(_("comment"), blank=True, max_length=text_limits.COMMENT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class PlanPublication(models.Model):
    """The frozen public view of a plan, taken when ASEC publishes it."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="publications", verbose_name=_("plan")
    )
    revision = models.PositiveIntegerField(_("revision"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["-revision"]
        get_latest_by = "revision"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "revision"], name="one_publication_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} (revision {self.revision})"


class Layer(models.TextChoices):
    """Which copy of a plan's content a row belongs to (SPEC §1, "published means approved").

    The city edits the working copy. Publishing a revision copies it into published rows, which
    are what everybody who may not see the working copy reads, in every page, list, filter, count,
    export and report; the rows of earlier publications stay, superseded, for the record.
    """

    WORKING = "working", _("Working copy")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded publication")


def origin_field(verbose_name) -> models.ForeignKey:
    """On a row of the published layer, the working row it was copied from. No database
    constraint: the working row may be deleted while the publication still shows its copy."""
    return models.ForeignKey(
        "self",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )
