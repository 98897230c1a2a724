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


@pytest.fixture
def asec(client, asec_user):
    """The details are for ASEC staff; the statuses for everyone."""
    client.force_login(asec_user)
    return client


def test_health_reports_each_part_with_a_status_and_a_detail(asec, db, no_worker):
    response = asec.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["status", *PARTS]
    assert body["database"] == {"status": "ok", "detail": ""}
    assert body["workers"] == {"status": "down", "detail": "no Celery worker answered"}
    assert body["status"] == "degraded"


def test_health_is_ok_when_every_part_answers(asec, db, monkeypatch):
    monkeypatch.setattr(broker, "worker_names", lambda: ["celery@web"])
    monkeypatch.setattr(health, "cache_check", lambda: "")
    monkeypatch.setattr(broker, "broker_check", lambda: "")

    body = asec.get("/health/").json()

    assert body["status"] == "ok"
    assert body["workers"] == {"status": "ok", "detail": "1 answering"}


def test_health_is_503_when_the_database_cannot_be_reached(asec, db, monkeypatch, no_worker):
    class DatabaseDown:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", DatabaseDown())

    response = asec.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == {
        "status": "down",
        "detail": "OperationalError: could not connect to server",
    }


@pytest.mark.parametrize("persona", ["anonymous", "csco-da-nang", "partner-adb"])
def test_others_read_the_statuses_without_the_details(persona, personas, client_for, monkeypatch):
    """Error texts name hosts, ports and drivers: not for the public, nor for other roles."""
    monkeypatch.setattr(broker, "worker_names", lambda: [])
    monkeypatch.setattr(broker, "broker_check", lambda: "ConnectionError: redis-7.internal:6379")

    response = client_for(personas[persona]).get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["broker"] == {"status": "down"} and body["workers"] == {"status": "down"}
    assert body["status"] == "degraded"
    assert "redis-7.internal" not in response.content.decode()


def test_the_operator_reads_the_details_on_the_machine(db, monkeypatch):
    monkeypatch.setattr(broker, "worker_names", lambda: [])

    status, body = health.report()

    assert status == 200 and body["workers"]["detail"] == "no Celery worker answered"


def test_a_broker_nobody_listens_on_is_reported_down_within_seconds(settings, monkeypatch):
    from ascn_portal.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    started = time.monotonic()

    problem = broker.broker_check()

    assert problem and time.monotonic() - started < 5


def test_health_answers_get_and_head_only(client, db):
    assert client.post("/health/").status_code == 405
