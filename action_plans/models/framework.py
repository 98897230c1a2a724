"""The ASEAN Smart Cities Framework: strategic outcomes, focus areas, enablers and key urban
systems, and the GESI target groups (reference data with stable codes)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import text_limits


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
