from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: the permission policy, the API kernel, the page toolkit and the shared
    building blocks every app stands on. It imports no app's views, services or selectors."""

    name = "core"
    verbose_name = _("Portal core")
