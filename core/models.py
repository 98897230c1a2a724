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
