from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review of the yearly reports")

    def ready(self):
        # The receivers answer action_plans' hooks (action_plans/signals.py): connected here, so
        # that action_plans never imports this app.
        from review import receivers  # noqa: F401
