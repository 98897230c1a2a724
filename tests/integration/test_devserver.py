"""`make run` ends with `manage.py devserver`: web server, worker and beat, stopped together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

START_TIMEOUT = 90
STOP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every process started, directly or not, by `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def home_page_status(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_until_serving(devserver, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert devserver.poll() is None, log_path.read_text()
        log = log_path.read_text()
        status = home_page_status(port)
        assert status is None or status < 500, log
        if status == 200 and " ready." in log and "beat: Starting" in log:
            return
        time.sleep(0.5)
    pytest.fail(f"devserver did not come up in {START_TIMEOUT} s:\n{log_path.read_text()}")


@pytest.fixture
def devserver_env(subprocess_env, tmp_path):
    """The test database, and a broker folder, beat schedule and queue of the test's own."""
    return subprocess_env | {
        "ASCN_VAR_DIR": str(tmp_path / "var"),
        "CELERY_QUEUE": f"ascn-test-devserver-{os.getpid()}",
    }


def test_devserver_serves_pages_with_a_worker_and_beat_and_ctrl_c_stops_them_all(
    devserver_env, tmp_path
):
    port = free_port()
    log_path = tmp_path / "devserver.log"
    with log_path.open("w") as log:
        devserver = subprocess.Popen(
            [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=devserver_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(devserver, port, log_path)
        started = descendants(devserver.pid)

        devserver.send_signal(signal.SIGINT)
        devserver.wait(timeout=STOP_TIMEOUT)
    finally:
        if devserver.poll() is None:
            devserver.kill()

    assert devserver.returncode == 0, log_path.read_text()
    assert len(started) >= 5  # runserver and its reloader child, worker and its pool, beat
    assert not [pid for pid in started if is_running(pid)], "processes left after Ctrl-C"
