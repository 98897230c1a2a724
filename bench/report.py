"""The annual report built end to end by a real Celery worker, at --scale 1 and --scale 10.

    make bench-report           # or: DEBUG=true .venv/bin/python bench/report.py

Goals (issue 6): ≤ 30 s for the real network with demo data (scale 1) on a 2-core machine;
scale 10 ≤ 12 × scale 1; peak worker memory ≤ 1 GB (sum of the peak resident sizes of the worker
and its pool processes). Uses Redis when REDIS_URL is set, the embedded filesystem broker
otherwise. Writes bench/results/report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, django_setup, run_child, save


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grand for child in found for grand in _children(child)]


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(concurrency: int) -> dict:
    django_setup()
    from core.policy import SYSTEM
    from reports.models import AnnualReport
    from reports.services import report_request

    log = open(ROOT / "var" / "bench-worker.log", "w")  # noqa: SIM115 — the worker writes to it
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ascn_portal",
            "worker",
            "--loglevel",
            "warning",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)
        AnnualReport.objects.filter(status__in=AnnualReport.ACTIVE).update(status="failed")
        start = time.perf_counter()
        report, _ = report_request(year=2025, actor=SYSTEM)
        peak = 0
        while True:
            report.refresh_from_db()
            pids = [worker.pid, *_children(worker.pid)]
            peak = max(peak, sum(_peak_kb(p) for p in pids))
            if report.status in ("succeeded", "failed"):
                break
            if time.perf_counter() - start > 1800:
                raise TimeoutError("report not finished after 30 minutes")
            time.sleep(0.25)
        elapsed = time.perf_counter() - start
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert report.status == "succeeded", report.error
    return {
        "seconds": round(elapsed, 1),
        "peak_worker_mb": round(peak / 1024, 1),
        "pdf_bytes": report.pdf_file.size,
        "concurrency": concurrency,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.concurrency)))
        return
    small = run_child(__file__, 1, "--concurrency", str(args.concurrency))
    large = run_child(__file__, 10, "--concurrency", str(args.concurrency))
    ratio = large["seconds"] / small["seconds"]
    result = {"scale_1": small, "scale_10": large, "ratio": round(ratio, 2)}
    print(f"scale 1: {small['seconds']} s, peak worker {small['peak_worker_mb']} MB (goal ≤ 30 s)")
    print(
        f"scale 10: {large['seconds']} s, peak worker {large['peak_worker_mb']} MB "
        f"(goal ≤ 12 × scale 1 = {12 * small['seconds']:.0f} s, ≤ 1024 MB); ratio {ratio:.2f}"
    )
    save("report", result)


if __name__ == "__main__":
    main()
