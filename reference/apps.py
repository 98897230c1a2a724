from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """The real network's data files (`data/`, with their sources) and their loader
    (`load_reference_data`)."""

    name = "reference"
    verbose_name = _("Reference data")
