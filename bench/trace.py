"""The project's Celery app with each task's timeline written down, for bench/report.py:

    celery -A bench.trace worker ...        # BENCH_TRACE=<file> (one JSON line per event)

When the worker is ready, when its main process receives each task, and when a pool process
starts and ends it (wall clock, comparable between processes, and the pool process's CPU seconds
then): which process idles when, what waits for what. An event is one short line appended with
one write, so the processes never interleave within a line. Nothing of this runs in the
project's own worker.
"""

from __future__ import annotations

import json
import os
import time

from celery.signals import task_postrun, task_prerun, task_received, worker_ready

from ascn_portal.celery import app

__all__ = ["app"]

TRACE = os.environ.get("BENCH_TRACE", "")
PSS = os.environ.get("BENCH_TRACE_PSS") == "1"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _write(event: str, task_id: str, name: str, **more) -> None:
    if not TRACE:
        return
    line = {"event": event, "at": time.time(), "pid": os.getpid(), "id": task_id, "task": name}
    line.update(more)
    with open(TRACE, "a") as trace:
        trace.write(json.dumps(line) + "\n")


def _what(name: str, args) -> str:
    """What a report task works on, short: a section's key, a batch's size, a finish step."""
    if not name.startswith("reports."):
        return ""
    args = list(args or ())[1:]
    if not args:
        return ""
    first = args[0]
    return f"{len(first)} cities" if isinstance(first, list) else str(first)


@worker_ready.connect
def _ready(**_kwargs) -> None:
    """The worker takes tasks from now on: the benchmark starts its clock after this."""
    _write("ready", "", "")


@task_received.connect
def _received(request=None, **_kwargs) -> None:
    _write("received", request.id, request.name)


@task_prerun.connect
def _started(task_id=None, task=None, args=None, **_kwargs) -> None:
    _write("start", task_id, task.name, what=_what(task.name, args), cpu=time.process_time())


def _memory_mb() -> dict:
    """The process's memory once the task has ended: resident now (statm) and its peak so far
    (VmHWM), both cheap to read; its PSS (smaps_rollup, ~20 µs per resident MB) only with
    BENCH_TRACE_PSS=1."""
    memory = {}
    with open("/proc/self/statm") as statm:
        memory["rss_mb"] = round(int(statm.read().split()[1]) * PAGE_KB / 1024, 1)
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                memory["hwm_mb"] = round(int(line.split()[1]) / 1024, 1)
    if PSS:
        with open("/proc/self/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    memory["pss_mb"] = round(int(line.split()[1]) / 1024, 1)
    return memory


@task_postrun.connect
def _ended(task_id=None, task=None, args=None, **_kwargs) -> None:
    what = _what(task.name, args)
    _write("end", task_id, task.name, what=what, cpu=time.process_time(), **_memory_mb())
