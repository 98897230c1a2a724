from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.cache import connect_public_data_signals


class CoreConfig(AppConfig):
    """The ground floor: the permission policy, the API kernel, the page toolkit and the shared
    building blocks every app stands on. It imports no app's views, services or selectors."""

    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        connect_public_data_signals()
