"""The Celery application. Configuration lives in settings (CELERY_* names)."""

import gc
import os

from celery import Celery
from celery.signals import worker_before_create_process, worker_init

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

    gc.collect()  # once: what the start-up left as garbage is not kept by the freeze below


@worker_before_create_process.connect
def _freeze_before_fork(**_kwargs) -> None:
    """The main process's objects moved out of the collector's reach just before a pool process
    is forked (gc.freeze, O(1)): the pool process's collections then never write to them, so
    their pages stay shared with the main process instead of being copied into every pool
    process (copy on write) as its collections walk them."""
    gc.freeze()
