"""The indicator catalogue: indicators with stable codes that project indicators may reference —
the portal's own, SDG 11 and ISO 37120 / 37122 (codes and names only) — kept as reference data
(reference/data/indicator_catalogue.csv, with sources), and the vocabularies of measuring."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Framework(models.TextChoices):
    ASCN = "ascn", _("ASCN Portal")
    SDG = "sdg", _("SDG 11")
    ISO_37120 = "iso37120", _("ISO 37120")
    ISO_37122 = "iso37122", _("ISO 37122")


class Direction(models.TextChoices):
    INCREASE = "increase", _("higher is better")
    DECREASE = "decrease", _("lower is better")


class Measurement(models.TextChoices):
    PERIODIC = "periodic", _("periodic (the value of each year)")
    CUMULATIVE = "cumulative", _("cumulative (the total so far)")


class Aggregation(models.TextChoices):
    """How values of several cities roll up: counts add up, shares and rates are averaged."""

    SUM = "sum", _("sum")
    MEAN = "mean", _("mean")


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other or not stated")


class CatalogueIndicator(models.Model):
    """One indicator of the catalogue. The code is stable: project indicators, files and the IATI
    export refer to it; `reference` is the code inside its framework ("11.2.1")."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    framework = models.CharField(_("framework"), max_length=10, choices=Framework.choices)
    reference = models.CharField(_("reference in the framework"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, blank=True
    )
    aggregation = models.CharField(
        _("roll-up"), max_length=4, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["framework", "code"]
        verbose_name = _("catalogue indicator")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "reference"], name="catalogue_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DisaggregatedValue(models.Model):
    """Part of a yearly indicator value for one GESI target group, one sex, or both."""

    total = models.ForeignKey(
        "action_plans.IndicatorValue",
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("indicator value"),
    )
    gesi_group = models.ForeignKey(
        "action_plans.GesiGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("GESI target group"),
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        # The parts by sex alone first, on every database (nulls sort differently).
        ordering = ["total", F("gesi_group__position").asc(nulls_first=True), "sex"]
        verbose_name = _("disaggregated value")
        constraints = [
            models.CheckConstraint(
                name="disaggregated_by_something",
                condition=Q(gesi_group__isnull=False) | ~Q(sex=""),
            ),
            models.UniqueConstraint(
                fields=["total", "gesi_group", "sex"],
                condition=Q(gesi_group__isnull=False),
                name="one_part_per_group_and_sex",
            ),
            models.UniqueConstraint(
                fields=["total", "sex"],
                condition=Q(gesi_group__isnull=True),
                name="one_part_per_sex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.total} · {self.gesi_group or ''} {self.sex}".strip()

    @property
    def label(self) -> str:
        """Who the part counts, in the reader's language: "Older persons, female"."""
        return ", ".join(str(name) for name in (self.gesi_group, self.get_sex_display()) if name)
