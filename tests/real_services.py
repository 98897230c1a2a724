"""The real services of the tests: a Celery worker process, and CI's check for PostgreSQL and Redis.

Imported into tests/conftest.py, so every test directory has these fixtures.

`celery_worker_process` gives a running `celery -A ascn_portal worker` (a separate process, not an
in-process stand-in) that reads and writes the very database the test uses; tests that take it run
with `transactional_db`, so what the test writes is committed and visible to the worker. The
handle can `kill()` the worker with SIGKILL, as a crash would, and `restart()` a new one.

The broker is the one configured in settings: Redis with REDIS_URL, kombu's filesystem transport
otherwise. Tasks of the test run go to a queue of their own, so a `make run` worker sharing the
broker never takes them. SQLite test databases in memory cannot be shared with another process:
when a test needs the worker, the session uses a file database in pytest's temporary folder.
Between such tests the flushed database gets back the rows of the data migrations (serialized
rollback), as the tests that use `db` see them.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import redis
from django.conf import settings

from ascn_portal.celery import app as celery_app

__all__ = [
    "pytest_configure",
    "django_db_modify_db_settings",
    "celery_test_queue",
    "_celery_worker_session",
    "celery_worker_process",
    "subprocess_env",
    "celery_beat_process",
]

# Tests taking one of these share the test database with another process.
SHARED_DATABASE_FIXTURES = {"celery_worker_process", "subprocess_env"}
READY_TIMEOUT = 90
STOP_TIMEOUT = 20


def pytest_configure(config):
    """In CI (CI=true) the tests run on PostgreSQL and Redis: refuse to start without them.

    Under pytest-xdist, this test process gets its own Redis database and media folder first."""
    _own_services_per_test_process()
    if os.environ.get("CI", "").strip().lower() not in {"1", "true", "yes"}:
        return
    problems = []
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql"):
        problems.append(f"DATABASE_URL must name a PostgreSQL database (the engine is {engine})")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL must be set (the broker is the filesystem)")
    if problems:
        raise pytest.UsageError("CI=true, but " + "; ".join(problems) + ".")


def _own_services_per_test_process() -> None:
    """`make test` runs the tests in two processes (pytest-xdist: gw0, gw1, ...). pytest-django
    gives each its own test database (test_..._gw0); here each also gets its own Redis database,
    REDIS_URL's number plus the process's (gw0: +0, gw1: +1), since a test's `cache.clear()` empties
    the whole Redis database, broker queues included; and its own MEDIA_ROOT (media/gw0, ...).
    Set in the environment too, so that the Celery worker and other processes the tests start use
    the same ones. Settings were read before this hook: the values are put in place here, before
    any cache, broker connection or file is opened."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    index = int(worker.removeprefix("gw"))
    settings.MEDIA_ROOT = Path(settings.MEDIA_ROOT) / worker
    os.environ["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    if not settings.REDIS_URL:
        return
    url = urlsplit(settings.REDIS_URL)
    base = int(url.path.strip("/") or 0)
    own = url._replace(path=f"/{base + index}").geturl()
    try:
        redis.Redis.from_url(own, socket_connect_timeout=2).ping()
    except redis.ResponseError as exc:
        raise pytest.UsageError(
            f"Test process {worker} needs Redis database {base + index} (REDIS_URL's {base} plus "
            f"{index}): {exc}. Use a lower database number in REDIS_URL."
        ) from exc
    except redis.RedisError:
        pass  # Redis is down: the tests that need it say so (and CI's check above refuses it)
    settings.REDIS_URL = own
    settings.CACHES["default"]["LOCATION"] = own
    settings.CELERY_BROKER_URL = own
    settings.CELERY_RESULT_BACKEND = own
    celery_app.conf.broker_url = own
    celery_app.conf.result_backend = own
    os.environ["REDIS_URL"] = own


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL that names the same database as a connection's settings."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def environment_on_test_database() -> dict:
    """The test process's environment, pointed at the test database and the test run's queue."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        raise RuntimeError("An in-memory SQLite test database cannot be shared with a process.")
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url(connection.settings_dict)
    env["CELERY_QUEUE"] = celery_app.conf.task_default_queue
    env.pop("TEST_DATABASE_NAME", None)
    return env


def _is_in_memory_sqlite(db_settings: dict) -> bool:
    name = (db_settings.get("TEST") or {}).get("NAME") or ":memory:"
    return db_settings["ENGINE"].endswith("sqlite3") and (
        name == ":memory:" or "mode=memory" in name
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """SQLite: a file test database when a test of the session shares it with another process.

    A new file each session, as a database in memory would be: a kept one would miss what the
    last transactional test of the previous session flushed (the rows data migrations add).
    """
    db_settings = settings.DATABASES["default"]
    shared = any(
        SHARED_DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        for item in request.session.items
    )
    if shared and _is_in_memory_sqlite(db_settings):
        test_name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        db_settings.setdefault("TEST", {})["NAME"] = str(test_name)


@pytest.fixture
def subprocess_env(transactional_db, django_db_serialized_rollback):
    """Environment for a process the test starts that must see the test database (committed)."""
    return environment_on_test_database()


@pytest.fixture(scope="session", autouse=True)
def celery_test_queue():
    """The queue of this test run: what tests enqueue reaches no worker but the test worker."""
    queue = f"ascn-test-{os.getpid()}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous
    _delete_queue(queue)


def _delete_queue(queue: str) -> None:
    """Drop the queue, its leftover messages and its binding from the broker."""
    with celery_app.connection_for_write() as connection:
        bound = celery_app.amqp.queues[queue](connection.default_channel)
        bound.declare()
        bound.delete()


class CeleryWorker:
    """One `celery worker` process at a time, restartable; its output goes to `log_path`."""

    def __init__(self, *, env: dict, queue: str, log_path: Path) -> None:
        self.env = env
        self.queue = queue
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        command = [
            *(sys.executable, "-m", "celery", "-A", "ascn_portal", "worker"),
            *("--concurrency=2", "--without-heartbeat", "--without-gossip", "--without-mingle"),
            *("--loglevel=INFO", f"--queues={self.queue}", f"--hostname={self.queue}@%h"),
        ]
        with self.log_path.open("a") as log:
            log.write(f"\n--- starting: {' '.join(command)}\n")
            log.flush()
            # A session of its own: kill() and stop() reach the pool's children through the group.
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.wait_ready()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Return once the worker has run a task; fail with its log if it died or hung."""
        from core.tasks import ping

        result = ping.apply_async(args=["ready"], queue=self.queue)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                pytest.fail(f"The Celery worker exited at start-up:\n{self.log_tail()}")
            if result.ready():
                result.get()
                return
            time.sleep(0.2)
        pytest.fail(f"The Celery worker was not ready after {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool, as a crash would: nothing is acknowledged or saved."""
        self._signal_group(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the main process), then SIGKILL whatever is left."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_TIMEOUT)
        self._signal_group(signal.SIGKILL)
        self.process.wait()

    def restart(self) -> None:
        """A new worker process in place of the current one, killed first if still running."""
        if self.alive:
            self.kill()
        self.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, django_db_blocker, celery_test_queue, tmp_path_factory):
    """One worker for the whole session, started at first use, ended before the database goes."""
    with django_db_blocker.unblock():
        env = environment_on_test_database()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    worker = CeleryWorker(env=env, queue=celery_test_queue, log_path=log_path)
    yield worker
    # Nothing is in flight once the tests are done, and their queue is deleted next: no need to
    # wait seconds for a warm shutdown.
    if worker.alive:
        worker.kill()


@pytest.fixture
def celery_worker_process(transactional_db, django_db_serialized_rollback, _celery_worker_session):
    """A running worker on the test database (restarted if an earlier test killed it)."""
    if not _celery_worker_session.alive:
        _celery_worker_session.start()
    return _celery_worker_session


class CeleryBeat:
    """A `celery beat` process sending the periodic tasks of settings to the test run's queue."""

    def __init__(self, *, env: dict, folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            *(sys.executable, "-m", "celery", "-A", "ascn_portal", "beat", "--loglevel=INFO"),
            f"--schedule={self.folder / 'celerybeat-schedule'}",
        ]
        with (self.folder / "beat.log").open("a") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = (self.folder / "beat.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture
def celery_beat_process(celery_worker_process, tmp_path):
    """Celery beat beside the test worker, with the schedule of settings."""
    beat = CeleryBeat(env=celery_worker_process.env, folder=tmp_path)
    beat.start()
    yield beat
    beat.stop()
