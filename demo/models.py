from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoContent(models.Model):
    """Present while fictional demo content is loaded, so every page can say so."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    scale = models.PositiveSmallIntegerField(_("scale"), default=1)

    class Meta:
        verbose_name = _("demo content marker")
        # The table was created when the marker lived in the ascn_portal app (its migrations
        # 0001–0002); the demo app took the model over without moving a row.
        db_table = "ascn_portal_democontent"

    def __str__(self) -> str:
        return _("Demo content (scale %(scale)s) loaded %(date)s") % {
            "scale": self.scale,
            "date": f"{self.loaded_at:%Y-%m-%d}",
        }
