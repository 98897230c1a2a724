"""The Celery application. Configuration lives in settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")

app = Celery("ascn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# One tasks.py per app that has tasks (core, action_plans, reports).
app.autodiscover_tasks()
