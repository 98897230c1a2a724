from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import text_limits
from core.models import VersionedModel


class FrameworkItem(models.Model):
    """An element of the ASEAN Smart Cities Framework with a stable code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    summary = text_limits.BoundedTextField(_("summary"), blank=True, max_length=text_limits.SUMMARY)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class StrategicOutcome(FrameworkItem):
    class Meta(FrameworkItem.Meta):
        verbose_name = _("strategic outcome")


class FocusArea(FrameworkItem):
    class Meta(FrameworkItem.Meta):
        verbose_name = _("focus area")

    def get_absolute_url(self) -> str:
        return reverse("cities:list") + f"?focus_area={self.code}"


class FrameworkComponent(FrameworkItem):
    """The ASCF's enablers and key urban systems."""

    class Kind(models.TextChoices):
        ENABLER = "enabler", _("Enabler")
        URBAN_SYSTEM = "urban_system", _("Key urban system")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(FrameworkItem.Meta):
        verbose_name = _("framework component")


class GesiGroup(models.Model):
    """A gender equality and social inclusion target group (fixed vocabulary)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("GESI target group")

    def __str__(self) -> str:
        return self.name


class PeriodStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    CURRENT = "current", _("Current")
    CLOSED = "closed", _("Closed")


class PlanPeriodQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=PeriodStatus.CURRENT)

    def annotate_plans(self):
        return self.annotate(plan_count=models.Count("plans")).order_by("start_year")


class PlanPeriod(models.Model):
    """A span of years the cities' action plans cover (SPEC "Time"); the years every plan, its
    projects, targets and reports may use come from here, never from code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.UPCOMING
    )
    aligns_to_ascap = models.BooleanField(
        _("projects align to ASCAP"),
        default=False,
        help_text=_("Projects of this period may name the ASCAP goals and actions they serve."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = PlanPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("plan period")
        constraints = [
            models.CheckConstraint(
                name="period_years_ordered", condition=Q(end_year__gte=F("start_year"))
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="current"),
                name="one_current_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class AscapItem(models.Model):
    """A goal or action of the ASEAN Smart City Action Plan 2026–2035, kept by ASEC. Its content
    is not public yet (December 2026): the portal ships the structure empty."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        ACTION = "action", _("Action")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = text_limits.BoundedTextField(
        _("description"), blank=True, max_length=text_limits.DESCRIPTION
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("ASCAP item")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    PUBLISHED = "published", _("Published")


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["city__name", "-period__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "period"], name="one_plan_per_city_period"),
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


iati_identifier_validator = RegexValidator(
    r"^[^/&|?\s]+$",
    _("An IATI identifier cannot contain spaces or the characters / & | ?"),
)


class FundingSource(models.Model):
    """One source of a project's funding: who, through which instrument, how much, how sure.
    Part of the plan's content: edited with the project (same version), published with it."""

    class FunderKind(models.TextChoices):
        PARTNER = "partner", _("A partner")
        CITY = "city", _("The city")
        NATIONAL_GOVERNMENT = "national_government", _("The national government")
        OTHER = "other", _("Other")

    class Instrument(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan")
        EQUITY = "equity", _("Equity")
        PPP = "ppp", _("Public–private partnership")
        BOND = "bond", _("Bond")
        OWN_BUDGET = "own_budget", _("Own budget")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        NEGOTIATION = "negotiation", _("In negotiation")
        SOUGHT = "sought", _("Sought")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_sources", verbose_name=_("project")
    )
    origin = origin_field(_("working copy"))
    funder_kind = models.CharField(_("funder"), max_length=20, choices=FunderKind.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("partner"),
    )
    funder_name = models.CharField(
        _("funder's name"), max_length=200, blank=True, help_text=_("When the funder is other.")
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    amount_usd = models.DecimalField(
        _("amount in USD"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The amount's value in US dollars (the same amount when it is in USD)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    iati_identifier = models.CharField(
        _("funder's IATI activity identifier"),
        max_length=150,
        blank=True,
        validators=[iati_identifier_validator],
    )
    funder_reference = models.CharField(_("funder's project number"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="funding_amount_not_negative", condition=Q(amount__gte=0, amount_usd__gte=0)
            ),
            models.CheckConstraint(
                name="funding_partner_when_partner",
                condition=Q(funder_kind="partner", partner__isnull=False)
                | (~Q(funder_kind="partner") & Q(partner__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.amount} {self.currency}"

    @property
    def funder(self) -> str:
        if self.partner_id:
            return self.partner.name
        return self.funder_name or str(self.get_funder_kind_display())


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-year"]
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


# --- Reporting cycles ---------------------------------------------------------------------------
# They live beside the progress updates they govern: the progress services enforce a cycle's lock,
# and reports only read cycles, so the dependency keeps pointing from reports to action plans.


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


class PeriodCloseOut(models.Model):
    """A city's account of a period at its close, frozen: each project's final status and each
    indicator target met, not met or not measured. The closed period stays readable from it."""

    period = models.ForeignKey(
        PlanPeriod, on_delete=models.PROTECT, related_name="close_outs", verbose_name=_("period")
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="close_outs", verbose_name=_("city")
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="close_outs", verbose_name=_("plan")
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["period", "city__name"]
        verbose_name = _("period close-out")
        constraints = [
            models.UniqueConstraint(fields=["period", "city"], name="one_close_out_per_city"),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.period.code}"
