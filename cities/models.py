from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import text_limits
from core.links import object_url

PILOT_YEAR = 2018


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    asean_member_since = models.PositiveSmallIntegerField(_("ASEAN member since"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                name="country_code_upper", condition=Q(code__regex=r"^[A-Z]{2}$")
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("cities:country", self.code)


class CityQuerySet(models.QuerySet):
    def pilots(self):
        return self.filter(joined_year=PILOT_YEAR)


class City(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    local_name = models.CharField(_("local name"), max_length=160, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country")
    )
    is_capital = models.BooleanField(_("capital"), default=False)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=100, blank=True)
    joined_year = models.PositiveSmallIntegerField(_("year joined"), default=PILOT_YEAR)
    profile = text_limits.BoundedTextField(_("profile"), blank=True, max_length=text_limits.SUMMARY)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                name="city_latitude_range", condition=Q(latitude__gte=-90, latitude__lte=90)
            ),
            models.CheckConstraint(
                name="city_longitude_range", condition=Q(longitude__gte=-180, longitude__lte=180)
            ),
            models.CheckConstraint(
                name="city_joined_after_launch", condition=Q(joined_year__gte=PILOT_YEAR)
            ),
            models.UniqueConstraint(
                fields=["country", "name"], name="city_unique_name_per_country"
            ),
        ]
        # Cities are listed by name, and so are the API's projects (city, then position): with
        # this index a page is read city by city instead of sorting every project (issue 21).
        indexes = [models.Index(fields=["name"], name="city_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("cities:detail", self.slug)

    @property
    def is_pilot(self) -> bool:
        return self.joined_year == PILOT_YEAR


class AseanChair(models.Model):
    """The ASEAN chair of a year; its national representative chairs the ASCN that year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="chair_years", verbose_name=_("country")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("ASEAN chair")

    def __str__(self) -> str:
        return f"{self.year}: {self.country}"


class ShepherdTerm(models.Model):
    """A term of the ASCN Shepherd, the member state that gives the network continuity (Terms of
    Reference: a 2-year term, renewable), from the meeting that elected or renewed it. Only the
    terms the reference data knows are recorded."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("Elected")
        RENEWED = "renewed", _("Renewed")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="shepherd_terms", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("Shepherd term")
        constraints = [
            models.UniqueConstraint(fields=["start_date"], name="one_shepherd_term_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}: {self.country}"


class AppointmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


class Appointment(models.Model):
    """A person's term as a city's CSCO or as a country's national representative."""

    class Kind(models.TextChoices):
        CSCO = "csco", _("Chief Smart City Officer")
        NATIONAL_REP = "national_rep", _("National representative")
        ALTERNATE_REP = "alternate_rep", _("Alternate national representative")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("country")
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("city"),
    )
    person_name = models.CharField(_("person"), max_length=160)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while the appointment is current.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("user"),
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(kind="csco", end_date__isnull=True),
                name="one_current_csco_per_city",
            ),
            models.CheckConstraint(
                name="csco_has_city",
                condition=~Q(kind="csco") | Q(city__isnull=False),
            ),
            models.CheckConstraint(
                name="appointment_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} — {self.get_kind_display()} ({self.city or self.country})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class AppointmentProposal(models.Model):
    """A national representative's proposed change to their country's directory: a new
    appointment, or the end of a current one. ASEC confirms it (which makes the change through
    the same services as its own edits) or declines it."""

    class Action(models.TextChoices):
        ADD = "add", _("New appointment")
        END = "end", _("End of an appointment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for ASEC")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("appointment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Appointment.Kind.choices)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    person_name = models.CharField(_("person"), max_length=160, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = text_limits.BoundedTextField(_("note"), blank=True, max_length=text_limits.MESSAGE)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
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
        verbose_name = _("proposed directory change")
        constraints = [
            models.CheckConstraint(
                name="proposal_add_names_a_person",
                condition=~Q(action="add") | (~Q(person_name="") & Q(start_date__isnull=False)),
            ),
            models.CheckConstraint(
                name="proposal_end_names_appointment_and_date",
                condition=~Q(action="end")
                | (Q(appointment__isnull=False) & Q(end_date__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.person_name} ({self.country})"
