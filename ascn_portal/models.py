from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """An editable object with an integer version for optimistic concurrency.

    Every save through a service bumps `version`; a write that carries an older version is a
    conflict (409 in the API, a conflict page on the web) and overwrites nothing.
    """

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class DemoContent(models.Model):
    """Present while fictional demo content is loaded, so every page can say so."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    scale = models.PositiveSmallIntegerField(_("scale"), default=1)

    class Meta:
        verbose_name = _("demo content marker")

    def __str__(self) -> str:
        return _("Demo content (scale %(scale)s) loaded %(date)s") % {
            "scale": self.scale,
            "date": f"{self.loaded_at:%Y-%m-%d}",
        }
