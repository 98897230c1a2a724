"""The Celery application. Configuration lives in settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")

app = Celery("ascn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The annual report job keeps its tasks inside its own package.
app.autodiscover_tasks(["reports.annual"])
