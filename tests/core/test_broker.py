"""Sending a task while the broker is down gives up within seconds and never raises into the
request that saved the change (issue 19, point 1: it used to hang 19 s, then answer 500)."""

import subprocess
import sys
import time

from django.conf import settings

from tests.integration.test_devserver import free_port

SEND = """
import django, time
django.setup()
from core.broker import enqueue
from reports.tasks import build_report
from core.tasks import send_mail
started = time.monotonic()
sent = [enqueue(build_report, 1), enqueue(send_mail, "x.y", [], [1], [])]
print(sent, round(time.monotonic() - started, 1))
"""


def test_a_task_sent_while_redis_is_down_is_refused_within_seconds():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "ascn_portal.settings",
        "DEBUG": "true",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nobody listens there
        "ASCN_VAR_DIR": str(settings.VAR_DIR),
    }
    started = time.monotonic()

    result = subprocess.run(
        [sys.executable, "-c", SEND],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    sent, seconds = result.stdout.strip().rsplit(" ", 1)
    assert sent == "[False, False]"
    assert float(seconds) < 5 and time.monotonic() - started < 30
