"""The Celery application. Configuration lives in settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")

app = Celery("ascn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# One tasks.py per app that has tasks (core, action_plans, reports).
app.autodiscover_tasks()


@worker_init.connect
def _load_layout_libraries(**_kwargs) -> None:
    """WeasyPrint and Typst imported in the worker's main process, before it forks its pool:
    a pool process replaced after a task that took it over CELERY_WORKER_MAX_MEMORY_PER_CHILD
    starts with them (0.7 s of WeasyPrint's import saved each time) and shares their pages."""
    import typst  # noqa: F401
    import weasyprint  # noqa: F401
