from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import text_limits


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual meeting")
        JCM = "jcm", _("Joint Consultative Meeting")
        WORKSHOP = "workshop", _("Workshop")
        ROUNDTABLE = "roundtable", _("Roundtable")
        PARTNER_EVENT = "partner_event", _("Partner event")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    # An announced meeting may have its year and host but no dates yet ("date to be announced").
    year = models.PositiveSmallIntegerField(_("year"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    host_country = models.ForeignKey(
        "cities.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    host_city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host city"),
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Where it took place, when not an ASCN member city."),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    summary = text_limits.BoundedTextField(_("summary"), blank=True, max_length=text_limits.SUMMARY)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "-start_date"]
        constraints = [
            models.CheckConstraint(
                name="meeting_dates_both_or_neither",
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique_per_kind",
            ),
            models.CheckConstraint(
                name="meeting_dates_ordered", condition=Q(end_date__gte=F("start_date"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.start_date:
            self.year = models.DateField().to_python(self.start_date).year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    def clean(self):
        if self.start_date:
            self.year = self.start_date.year
        elif self.year is None:
            raise ValidationError({"start_date": _("Give the dates, or at least the year.")})

    @property
    def date_announced(self) -> bool:
        return self.start_date is not None

    @property
    def location(self) -> str:
        """Venue, host city and host country, each named once ("Bali, Indonesia")."""
        parts = [self.venue, self.host_city and self.host_city.name, self.host_country]
        named = []
        for part in map(str, filter(None, parts)):
            if part not in named:
                named.append(part)
        return ", ".join(named)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = text_limits.BoundedTextField(
        _("description"), blank=True, max_length=text_limits.DESCRIPTION
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """A city, a country or a partner present at a meeting (exactly one of them)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("city")
    )
    country = models.ForeignKey(
        "cities.Country", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("country")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("partner"),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="participation_names_exactly_one",
                condition=Q(city__isnull=False, country__isnull=True, partner__isnull=True)
                | Q(city__isnull=True, country__isnull=False, partner__isnull=True)
                | Q(city__isnull=True, country__isnull=True, partner__isnull=False),
            ),
            models.UniqueConstraint(fields=["meeting", "city"], name="participation_city_once"),
            models.UniqueConstraint(
                fields=["meeting", "country"], name="participation_country_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "partner"], name="participation_partner_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.city or self.country or self.partner)


class Document(models.Model):
    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("Concept note")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        FRAMEWORK = "framework", _("Framework")
        ACTION_PLAN = "action_plan", _("Action plan")
        STATEMENT = "statement", _("Statement")
        REPORT = "report", _("Report")
        MINUTES = "minutes", _("Minutes")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    adopted = models.BooleanField(_("adopted"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="document_unique_title_date"),
        ]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision of a meeting, owned by a city, a country or ASEC, followed up until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    text = text_limits.BoundedTextField(_("decision"), max_length=text_limits.SUMMARY)
    owner_city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("owner city"),
    )
    owner_country = models.ForeignKey(
        "cities.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("owner country"),
    )
    owner_is_asec = models.BooleanField(_("owned by ASEC"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("follow-up status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    follow_up = text_limits.BoundedTextField(
        _("follow-up notes"), blank=True, max_length=text_limits.COMMENT
    )

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="decision_has_exactly_one_owner",
                condition=Q(
                    owner_city__isnull=False, owner_country__isnull=True, owner_is_asec=False
                )
                | Q(owner_city__isnull=True, owner_country__isnull=False, owner_is_asec=False)
                | Q(owner_city__isnull=True, owner_country__isnull=True, owner_is_asec=True),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner(self) -> str:
        return str(self.owner_city or self.owner_country or "ASEC")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()
