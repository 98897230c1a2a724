"""Plan periods (SCAP 2018–2025, ASCAP 2026–2035), the ASCAP goals and actions, and each
city's close-out of a period."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import text_limits


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
        "ActionPlan", on_delete=models.PROTECT, related_name="close_outs", verbose_name=_("plan")
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
