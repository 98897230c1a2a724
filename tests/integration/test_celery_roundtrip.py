"""A task goes through the real broker to a real worker process and its result comes back.

The broker is Redis when REDIS_URL is set (CI) and kombu's filesystem transport otherwise: both
are real, neither is skipped.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.tasks import ping

pytestmark = pytest.mark.integration

ROUND_TRIP_TIMEOUT = 30


def parent_pid(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def test_ping_round_trips_through_a_worker_process(celery_worker_process):
    result = ping.delay("Xin chào Đà Nẵng").get(timeout=ROUND_TRIP_TIMEOUT)

    assert result["echo"] == "Xin chào Đà Nẵng"
    assert result["pid"] != os.getpid()
    assert parent_pid(result["pid"]) == celery_worker_process.pid


def test_worker_uses_the_configured_broker(celery_worker_process):
    expected = "Connected to redis://" if settings.REDIS_URL else "Connected to filesystem://"

    assert expected in celery_worker_process.log_text()


def test_worker_uses_the_test_database(celery_worker_process):
    result = ping.delay("which database").get(timeout=ROUND_TRIP_TIMEOUT)

    test_database = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert Path(result["database"]) == Path(test_database).resolve()
    else:
        assert result["database"] == test_database


def test_a_killed_worker_is_replaced_by_a_new_process(celery_worker_process):
    crashed_pid = celery_worker_process.pid

    celery_worker_process.kill()
    assert not celery_worker_process.alive
    celery_worker_process.restart()

    result = ping.delay("after the crash").get(timeout=ROUND_TRIP_TIMEOUT)
    assert celery_worker_process.pid != crashed_pid
    assert parent_pid(result["pid"]) == celery_worker_process.pid
