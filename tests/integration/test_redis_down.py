"""Redis (cache and broker) goes away under a running portal, then comes back (issue 19, point 1).

The portal runs as its own process (`runserver`) on the test database, against a Redis server
this test starts on a free port and stops: the machine's shared Redis is never touched.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from reports.models import AnnualReport
from reports.services import WAITING_FOR_BROKER
from tests import factories as f
from tests.integration.test_devserver import free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

QUICK = 6  # seconds: an answer while something is down, never a 19 s hang


class OwnRedis:
    """A throw-away redis-server (no persistence) that the test may stop and start again."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        command += ["--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 20
        while self.cli("ping") != "PONG":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True
        )
        return result.stdout.strip()


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


@pytest.fixture
def portal(subprocess_env, own_redis, tmp_path):
    """The portal's web process on the test database and the test's own Redis."""
    port = free_port()
    queue = f"ascn-test-redis-down-{os.getpid()}"
    env = subprocess_env | {
        "REDIS_URL": own_redis.url,
        "CELERY_QUEUE": queue,
        "DEBUG": "true",
        "ASCN_VAR_DIR": str(tmp_path / "var"),
    }
    log_path = tmp_path / "portal.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while call(base, "/")[0] != 200:
        assert process.poll() is None and time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.3)
    yield base, queue
    process.kill()
    process.wait()


def call(base: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read())
    except OSError:
        return 0, {}


def _json(raw: bytes) -> dict:
    try:
        return json.loads(raw)
    except ValueError:
        return {}


def timed(*args, **kwargs) -> tuple[int, dict, float]:
    started = time.monotonic()
    status, body = call(*args, **kwargs)
    return status, body, time.monotonic() - started


def test_with_redis_down_pages_api_sign_in_and_report_requests_still_answer(
    portal, own_redis, asec_user, da_nang
):
    base, queue = portal
    # The portal process knows only the real hashers, not the tests' fast one.
    asec_user.password = PBKDF2PasswordHasher().encode(f.PASSWORD, "integration")
    asec_user.save(update_fields=["password"])
    status, health = call(base, "/health/")
    assert status == 200 and health["cache"]["status"] == health["broker"]["status"] == "ok"

    own_redis.stop()

    for path in ("/", "/cities/", "/api/cities/", "/api/cities/da-nang/"):
        status, _, took = timed(base, path)
        assert (status, took < QUICK) == (200, True), path
    body = {"username": "asec", "password": f.PASSWORD}
    status, answer, took = timed(base, "/api/auth/token/", body)
    assert status == 200 and took < QUICK, answer
    token = answer["token"]

    status, health, took = timed(base, "/health/")
    assert status == 200 and took < QUICK
    assert health["database"]["status"] == "ok"
    assert health["cache"]["status"] == health["broker"]["status"] == "down"
    assert health["workers"]["status"] == "down"

    status, report, took = timed(base, "/api/reports/", {"year": 2025}, token)
    assert status == 202 and took < QUICK, report
    assert AnnualReport.objects.get(pk=report["id"]).stage == WAITING_FOR_BROKER

    own_redis.start()
    assert own_redis.cli("llen", queue) == "0"
    status, again, _ = timed(base, "/api/reports/", {"year": 2025}, token)
    assert status == 202 and again["id"] == report["id"]
    assert own_redis.cli("llen", queue) == "1"  # the job is on its way to a worker


def test_health_is_503_when_the_database_cannot_be_reached(client, monkeypatch):
    from django.db import OperationalError

    from ascn_portal import health

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(health.connection, "cursor", database_down)

    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "status": "down",
        "detail": "OperationalError: could not connect to server",
    }
