from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Fictional demo content (`seed_demo`) and the marker every page reads to say it is loaded."""

    name = "demo"
    verbose_name = _("Demo content")
