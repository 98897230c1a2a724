"""`manage.py devserver`: the web server, a Celery worker and Celery beat, run and stopped together.

This is what `make run` ends with. Each program runs in a session of its own, so that stopping it
reaches everything it started (runserver's reloader child, the worker's pool). Ctrl-C, SIGTERM or
SIGHUP asks each program to stop, waits a few seconds (the worker finishes its tasks), then kills
whatever is left; a second Ctrl-C kills at once. If one program exits on its own, the others are
stopped too, so a dead worker never hides behind a live web server.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 10
POLL_SECONDS = 0.2


class Command(BaseCommand):
    help = "Serve the portal with runserver, with a Celery worker and Celery beat beside it."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")

    def handle(self, *, addrport, concurrency, **options):
        self.stop_requests = 0
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.request_stop)
        programs = {}
        try:
            for name, command in program_commands(addrport, concurrency):
                programs[name] = subprocess.Popen(
                    command, cwd=settings.BASE_DIR, start_new_session=True
                )
            self.stdout.write("Web server, worker and beat started; Ctrl-C stops all three.")
            exited = self.wait_for_stop_or_exit(programs)
        finally:
            self.stop_all(programs)
        if exited:
            raise CommandError(f"The {exited} exited on its own; the others were stopped too.")

    def request_stop(self, signum, frame):
        self.stop_requests += 1

    def wait_for_stop_or_exit(self, programs):
        while not self.stop_requests:
            for name, process in programs.items():
                if process.poll() is not None:
                    return name
            time.sleep(POLL_SECONDS)
        return None

    def stop_all(self, programs):
        """SIGTERM to each program (warm shutdown), then SIGKILL to all that is left."""
        self.stdout.write("Stopping the web server, the worker and beat (Ctrl-C again: at once)…")
        already_asked = self.stop_requests
        for process in programs.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and self.stop_requests <= already_asked:
            if all(process.poll() is not None for process in programs.values()):
                break
            time.sleep(POLL_SECONDS)
        for process in programs.values():
            kill_group(process)
            process.wait()


def program_commands(addrport, concurrency):
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    celery = [sys.executable, "-m", "celery", "-A", "ascn_portal"]
    return [
        ("web server", [*manage, "runserver", addrport]),
        ("worker", [*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}"]),
        ("beat", [*celery, "beat", "--loglevel=INFO"]),
    ]


def kill_group(process):
    """SIGKILL the program and everything it started (its session's process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
