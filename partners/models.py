import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import text_limits
from core.links import object_url
from core.models import VersionedModel


class SupportType(models.Model):
    """What a partner offers or an opportunity seeks (fixed vocabulary)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Partner(VersionedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Dialogue partner / external government")
        DEVELOPMENT_BANK = "development_bank", _("Multilateral development bank")
        INTERNATIONAL_ORG = "international_org", _("International organisation")
        PRIVATE = "private", _("Private solution provider")
        ACADEMIC = "academic", _("Academic")
        NGO = "ngo", _("NGO or foundation")
        CITY_NETWORK = "city_network", _("City or city network outside ASEAN")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    summary = text_limits.BoundedTextField(_("summary"), blank=True, max_length=text_limits.SUMMARY)
    focus_areas = models.ManyToManyField(
        "action_plans.FocusArea",
        blank=True,
        related_name="partners",
        verbose_name=_("focus areas"),
    )
    support_offered = models.ManyToManyField(
        SupportType, blank=True, related_name="partners", verbose_name=_("support offered")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("partners:detail", self.slug)

    @property
    def kind_label(self) -> str:
        """What `get_kind_display` says, without rebuilding the choices on every call (a
        directory page asks it once per partner)."""
        try:
            return self.Kind(self.kind).label
        except ValueError:
            return self.kind


class TwinningQuerySet(models.QuerySet):
    def outside_asean(self):
        """The twinnings of SPEC §2: an ASCN city with a city outside ASEAN."""
        return self.filter(counterpart_ascn_city__isnull=True)

    def within_asean(self):
        """Two ASCN cities twinned with each other (issue 18)."""
        return self.filter(counterpart_ascn_city__isnull=False)


class Twinning(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")

    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="twinnings", verbose_name=_("city")
    )
    counterpart_city = models.CharField(_("counterpart city"), max_length=120)
    counterpart_country = models.CharField(_("counterpart country (ISO code)"), max_length=2)
    # Set when the counterpart is itself an ASCN city (a twinning inside ASEAN, issue 18);
    # empty for the twinnings with cities outside ASEAN that SPEC §2 describes.
    counterpart_ascn_city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twinned_from",
        verbose_name=_("counterpart ASCN city"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="twinnings",
        verbose_name=_("partner"),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    focus_areas = models.ManyToManyField(
        "action_plans.FocusArea",
        blank=True,
        related_name="twinnings",
        verbose_name=_("focus areas"),
    )
    description = text_limits.BoundedTextField(
        _("description"), blank=True, max_length=text_limits.DESCRIPTION
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = TwinningQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "counterpart_city"], name="twinning_unique_pair"
            ),
            models.CheckConstraint(
                name="twinning_not_with_itself",
                condition=~models.Q(counterpart_ascn_city=models.F("city")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} ↔ {self.counterpart_city}"

    @property
    def within_asean(self) -> bool:
        return self.counterpart_ascn_city_id is not None


class OpportunityQuerySet(models.QuerySet):
    def open(self, *, today: datetime.date | None = None):
        """Opportunities still taking interest: open, and not past their closing date.

        Filtering on the date means an opportunity leaves every list on the day after it closes,
        without a job to flip its status. `Opportunity.is_open` asks the same of one row.
        """
        today = today or timezone.localdate()
        return self.filter(
            Q(status=Opportunity.Status.OPEN)
            & (Q(closing_date__isnull=True) | Q(closing_date__gte=today))
        )


class Opportunity(VersionedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("city"),
    )
    project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = text_limits.BoundedTextField(_("description"), max_length=text_limits.DESCRIPTION)
    focus_areas = models.ManyToManyField(
        "action_plans.FocusArea", related_name="opportunities", verbose_name=_("focus areas")
    )
    support_sought = models.ManyToManyField(
        SupportType, related_name="opportunities", verbose_name=_("support sought")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closing_date", "-created_at"]
        verbose_name_plural = _("opportunities")
        indexes = [
            # The open opportunities in the list's order (the marketplace and /api/opportunities/
            # for everyone but ASEC): a page is read from the index instead of sorting every
            # open one, and the count does not read the closed ones (issue 21).
            models.Index(
                fields=["closing_date", "-created_at"],
                condition=Q(status="open"),
                name="opportunity_open_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partners:opportunity", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Still taking interest: the rule of `Opportunity.objects.open()`, for one row."""
        return self.status == self.Status.OPEN and (
            self.closing_date is None or self.closing_date >= timezone.localdate()
        )


class Interest(models.Model):
    """A partner's expression of interest in an opportunity."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        related_name="interests",
        verbose_name=_("opportunity"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="interests", verbose_name=_("partner")
    )
    message = text_limits.BoundedTextField(_("message"), max_length=text_limits.MESSAGE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "partner"], name="one_interest_per_partner_and_opportunity"
            ),
            models.CheckConstraint(
                name="decided_interest_has_decider",
                condition=Q(status__in=["pending", "withdrawn"]) | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.opportunity}"


class Partnership(models.Model):
    """A partner supporting a project, e.g. after an accepted interest."""

    project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("project"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("partner")
    )
    interest = models.OneToOneField(
        Interest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnership",
        verbose_name=_("interest"),
    )
    support = models.ManyToManyField(
        SupportType, blank=True, related_name="+", verbose_name=_("support")
    )
    description = text_limits.BoundedTextField(
        _("description"), blank=True, max_length=text_limits.DESCRIPTION
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="one_partnership_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.project}"


class ProviderApplication(models.Model):
    """A solution provider's request to be listed in the partner directory. ASEC approves it (the
    provider becomes a partner of kind "private solution provider") or declines it; either way
    the applicant hears it by e-mail in the language they applied in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("organisation"), max_length=200)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    website = models.URLField(_("website"))
    summary = text_limits.BoundedTextField(
        _("what you offer ASEAN cities"), max_length=text_limits.SUMMARY
    )
    contact_name = models.CharField(_("contact name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    focus_areas = models.ManyToManyField(
        "action_plans.FocusArea", related_name="+", verbose_name=_("focus areas")
    )
    support_offered = models.ManyToManyField(
        SupportType, related_name="+", verbose_name=_("support offered")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = text_limits.BoundedTextField(
        _("message to the applicant"), blank=True, max_length=text_limits.MESSAGE
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("solution provider application")
        constraints = [
            models.CheckConstraint(
                name="application_decided_when_not_pending",
                condition=Q(status="pending") | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name
