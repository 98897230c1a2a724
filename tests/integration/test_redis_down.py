"""Redis (cache and broker) goes away under a running portal, then comes back (issue 19, point 1).

The portal runs as its own process (`runserver`) on the test database. It reaches Redis through
a TCP forwarder this test owns: stopping the forwarder is Redis going down for the portal
(connections cut, new ones refused at once), starting it again is Redis coming back. Behind it
is the Redis of REDIS_URL (CI's), or one this test starts with redis-server: the machine's shared
Redis is never stopped or flushed, and the portal uses a queue and key prefix of its own.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from reports.models import AnnualReport
from reports.services import WAITING_FOR_BROKER
from tests import factories as f
from tests.integration.test_devserver import free_port

pytestmark = pytest.mark.integration

QUICK = 6  # seconds: an answer while something is down, never a 19 s hang


class Forwarder:
    """127.0.0.1:port → a Redis server, for as long as it is started."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []

    def _accept(self, listener: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                server = socket.create_connection(self.target)
                self.sockets += [client, server]
                for source, sink in ((client, server), (server, client)):
                    threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def redis_behind(tmp_path):
    """(host, port, db) of a Redis to put behind the forwarder."""
    if settings.REDIS_URL:
        url = urlsplit(settings.REDIS_URL)
        yield url.hostname, url.port or 6379, int(url.path.strip("/") or 0)
        return
    if not shutil.which("redis-server"):
        pytest.skip("needs REDIS_URL or redis-server")
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while not _answers(client):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    yield "127.0.0.1", port, 0
    server.kill()
    server.wait()


def _answers(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def flaky_redis(redis_behind):
    host, port, db = redis_behind
    forwarder = Forwarder((host, port))
    forwarder.start()
    forwarder.url = f"redis://127.0.0.1:{forwarder.port}/{db}"
    forwarder.real = redis.Redis(host=host, port=port, db=db)
    yield forwarder
    forwarder.stop()


@pytest.fixture
def portal(subprocess_env, flaky_redis, tmp_path):
    """The portal's web process on the test database, reaching Redis through the forwarder."""
    port = free_port()
    queue = f"ascn-test-redis-down-{os.getpid()}"
    env = subprocess_env | {
        "REDIS_URL": flaky_redis.url,
        "CELERY_QUEUE": queue,
        "CACHE_KEY_PREFIX": queue,
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
    portal, flaky_redis, asec_user, da_nang
):
    base, queue = portal
    # The portal process knows only the real hashers, not the tests' fast one.
    asec_user.password = PBKDF2PasswordHasher().encode(f.PASSWORD, "integration")
    asec_user.save(update_fields=["password"])
    status, health = call(base, "/health/")
    assert status == 200 and health["cache"]["status"] == health["broker"]["status"] == "ok"

    flaky_redis.stop()

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

    flaky_redis.start()
    assert flaky_redis.real.llen(queue) == 0
    status, again, _ = timed(base, "/api/reports/", {"year": 2025}, token)
    assert status == 202 and again["id"] == report["id"]
    assert flaky_redis.real.llen(queue) == 1  # the job is on its way to a worker
    flaky_redis.real.delete(queue)
