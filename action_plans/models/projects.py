"""Projects of a plan with their milestones and indicators, and the vocabularies that describe
them (funding model, stage, readiness)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import text_limits
from core.models import VersionedModel

from .catalogue import CatalogueIndicator, Direction, Measurement
from .framework import FocusArea, FrameworkComponent, GesiGroup, StrategicOutcome
from .periods import AscapItem
from .plans import ActionPlan, Layer, PlanPublication, origin_field


class ProjectQuerySet(models.QuerySet):
    def working(self):
        return self.filter(layer=Layer.WORKING)

    def published(self):
        """The rows of each plan's latest publication."""
        return self.filter(layer=Layer.PUBLISHED)


class WorkingProjectManager(models.Manager.from_queryset(ProjectQuerySet)):
    """`Project.objects` and `plan.projects`: the working copy, which only the services change."""

    def get_queryset(self):
        return super().get_queryset().filter(layer=Layer.WORKING)


class FundingModel(models.TextChoices):
    PUBLIC = "public", _("Public")
    PPP = "ppp", _("Public–private partnership")
    PRIVATE = "private", _("Private")
    GRANT = "grant", _("Grant / ODA")
    LOAN = "loan", _("Loan")
    MIXED = "mixed", _("Mixed")


class Stage(models.TextChoices):
    """Implementation stage as the ASCN M&E report counts it."""

    PLANNING = "planning", _("Planning")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ReadinessStage(models.TextChoices):
    """Where a project stands in the project cycle, as funders judge readiness."""

    IDENTIFICATION = "identification", _("Identification")
    PREPARATION = "preparation", _("Preparation")
    FEASIBILITY = "feasibility", _("Feasibility")
    PROCUREMENT = "procurement", _("Procurement")
    IMPLEMENTATION = "implementation", _("Implementation")
    COMPLETION = "completion", _("Completion")


# The M&E report's stages (Exhibit 2): planning runs from proposal to feasibility, ongoing is
# beyond feasibility. A project's `stage` must agree with its readiness (the services keep it so).
STAGE_OF_READINESS = {
    ReadinessStage.IDENTIFICATION: Stage.PLANNING,
    ReadinessStage.PREPARATION: Stage.PLANNING,
    ReadinessStage.FEASIBILITY: Stage.PLANNING,
    ReadinessStage.PROCUREMENT: Stage.ONGOING,
    ReadinessStage.IMPLEMENTATION: Stage.ONGOING,
    ReadinessStage.COMPLETION: Stage.COMPLETED,
}


class OperationPayer(models.TextChoices):
    CITY = "city", _("The city")
    NATIONAL_GOVERNMENT = "national_government", _("The national government")
    OPERATOR = "operator", _("A private operator")
    USERS = "users", _("Users (fees and tariffs)")
    OTHER = "other", _("Other")


class Project(VersionedModel):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="projects", verbose_name=_("plan")
    )
    layer = models.CharField(
        _("layer"), max_length=10, choices=Layer.choices, default=Layer.WORKING, editable=False
    )
    # A published row names the working project it was copied from and its publication.
    origin = origin_field(_("working project"))
    publication = models.ForeignKey(
        PlanPublication,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="projects",
        verbose_name=_("publication"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = text_limits.BoundedTextField(_("summary"), blank=True, max_length=text_limits.SUMMARY)
    focus_areas = models.ManyToManyField(
        FocusArea, related_name="projects", verbose_name=_("focus areas")
    )
    # Exhibit 1 of the M&E report gives each project one focus area; the others are tags.
    primary_focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_projects",
        verbose_name=_("primary focus area"),
    )
    outcomes = models.ManyToManyField(
        StrategicOutcome, blank=True, related_name="projects", verbose_name=_("strategic outcomes")
    )
    components = models.ManyToManyField(
        FrameworkComponent,
        blank=True,
        related_name="projects",
        verbose_name=_("enablers and key urban systems"),
    )
    ascap = models.ManyToManyField(
        AscapItem, blank=True, related_name="projects", verbose_name=_("ASCAP goals and actions")
    )
    # A next phase names the project of the previous period it continues (working rows only;
    # published copies reach it through their origin).
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_phases",
        verbose_name=_("previous phase"),
    )
    lead_agency = models.CharField(_("lead agency"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    budget_usd = models.DecimalField(
        _("budget (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_model = models.CharField(
        _("funding model"), max_length=10, choices=FundingModel.choices, blank=True
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.PLANNING
    )
    readiness = models.CharField(
        _("readiness stage"), max_length=20, choices=ReadinessStage.choices, blank=True
    )
    om_cost_usd = models.DecimalField(
        _("annual operation and maintenance cost (USD)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        null=True,
        blank=True,
    )
    om_paid_by = models.CharField(
        _("operation and maintenance paid by"),
        max_length=20,
        choices=OperationPayer.choices,
        blank=True,
    )
    seeking_partners = models.BooleanField(_("seeking partners"), default=False)
    partnership_needs = text_limits.BoundedTextField(
        _("what partners could bring"), blank=True, max_length=text_limits.SUMMARY
    )
    gesi_groups = models.ManyToManyField(
        GesiGroup, blank=True, related_name="projects", verbose_name=_("GESI target groups")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[focus_areas, outcomes, gesi_groups, components, ascap])

    objects = WorkingProjectManager()
    layers = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["layer", "plan"], name="project_layer_plan")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "title"],
                condition=Q(layer="working"),
                name="project_title_unique_in_plan",
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(layer="working"),
                name="one_next_phase_per_project",
            ),
            models.CheckConstraint(
                name="project_years_ordered",
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
            ),
            models.CheckConstraint(
                name="project_budget_not_negative",
                condition=Q(budget_usd__isnull=True) | Q(budget_usd__gte=0),
            ),
            models.CheckConstraint(
                name="project_om_cost_not_negative",
                condition=Q(om_cost_usd__isnull=True) | Q(om_cost_usd__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("action_plans:project", args=[self.public_id])

    @property
    def public_id(self) -> int:
        """The id the project is known by: a published row answers to its working project's."""
        return self.origin_id or self.pk

    @property
    def is_working_copy(self) -> bool:
        return self.layer == Layer.WORKING


def public_id_is(pk) -> Q:
    """Rows of a layered model (projects, milestones, indicators) known by the id `pk`: the working
    row itself, or a published copy of it. Each reader sees one of them (see the policy)."""
    return Q(pk=pk, origin__isnull=True) | Q(origin=pk)


def same_project(outer: str = "") -> Coalesce:
    """In a subquery, the working project of an outer project row (itself, or the one a published
    row was copied from): progress updates belong to the working project."""
    return Coalesce(OuterRef(f"{outer}origin"), OuterRef(f"{outer}pk"))


class Milestone(VersionedModel):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    origin = origin_field(_("working copy"))
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    @property
    def public_id(self) -> int:
        return self.origin_id or self.pk

    def __str__(self) -> str:
        return self.title


class Indicator(VersionedModel):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("project")
    )
    origin = origin_field(_("working copy"))
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    # A reference to the catalogue brings its unit and direction; without one it is custom.
    catalogue = models.ForeignKey(
        CatalogueIndicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_indicators",
        verbose_name=_("catalogue indicator"),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, blank=True
    )
    measurement = models.CharField(
        _("measurement"), max_length=10, choices=Measurement.choices, default=Measurement.PERIODIC
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="indicator_name_unique"),
            models.CheckConstraint(
                name="indicator_target_after_baseline",
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=F("baseline_year")),
            ),
        ]

    @property
    def public_id(self) -> int:
        return self.origin_id or self.pk

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_value_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.value}"
