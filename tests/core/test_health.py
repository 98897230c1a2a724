"""`GET /health/` for the operator and docker-compose (issue 19, point 1); tests/integration
stops Redis under a running portal."""

import time

import pytest
from django.db import OperationalError

from ascn_portal import health
from core import broker

PARTS = ["database", "cache", "broker", "workers"]


@pytest.fixture
def no_worker(monkeypatch):
    monkeypatch.setattr(broker, "worker_names", lambda: [])


def test_health_reports_each_part_with_a_status_and_a_detail(client, db, no_worker):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["status", *PARTS]
    assert body["database"] == {"status": "ok", "detail": ""}
    assert body["workers"] == {"status": "down", "detail": "no Celery worker answered"}
    assert body["status"] == "degraded"


def test_health_is_ok_when_every_part_answers(client, db, monkeypatch):
    monkeypatch.setattr(broker, "worker_names", lambda: ["celery@web"])
    monkeypatch.setattr(health, "cache_check", lambda: "")
    monkeypatch.setattr(broker, "broker_check", lambda: "")

    body = client.get("/health/").json()

    assert body["status"] == "ok"
    assert body["workers"] == {"status": "ok", "detail": "1 answering"}


def test_health_is_503_when_the_database_cannot_be_reached(client, db, monkeypatch, no_worker):
    class DatabaseDown:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", DatabaseDown())

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == {
        "status": "down",
        "detail": "OperationalError: could not connect to server",
    }


def test_a_broker_nobody_listens_on_is_reported_down_within_seconds(settings, monkeypatch):
    from ascn_portal.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    started = time.monotonic()

    problem = broker.broker_check()

    assert problem and time.monotonic() - started < 5


def test_health_answers_get_and_head_only(client, db):
    assert client.post("/health/").status_code == 405
