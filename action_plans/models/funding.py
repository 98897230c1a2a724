"""Where a project's money comes from: funder, instrument, amount, how sure."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plans import origin_field
from .projects import Project

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


# The fields of a funding source that the editor, the API and project files set; the services
# set the rest (project, position, published copies).
FUNDING_FIELDS = (
    "funder_kind",
    "partner",
    "funder_name",
    "instrument",
    "amount",
    "currency",
    "amount_usd",
    "status",
    "iati_identifier",
    "funder_reference",
)
