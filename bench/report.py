"""The annual report built end to end by a real Celery worker, at --scale 1 and --scale 10.

    make bench-report           # or: DEBUG=true .venv/bin/python bench/report.py

Goals (issue 16, point 8): the real network with demo content (scale 1) in ≤ 5 s of wall time
on 2 cores with one worker of concurrency 2; 10× the network (scale 10) in ≤ 50 s with a peak
worker memory ≤ 600 MB; both in one run, with the ratio scale 10 ÷ scale 1. The worker's memory
is what the machine spends on it: the peak of the sum of its processes' PSS (proportional set
size: a page shared by the pool processes after the fork counts once, split between them),
sampled every 0.1 s (MemorySampler). The sum of the processes' VmHWM, reported beside it with
each process's figure, counts every shared page once per process, and adds peaks that were not
at the same time. Uses Redis when REDIS_URL is set, the
embedded filesystem broker otherwise. Writes bench/results/report.json. Like beat in a
deployment, it sends `reports.resume_stalled` every REPORT_RESUME_EVERY_SECONDS (a part whose try
failed goes again after REPORT_STALL_SECONDS); it gives up after STUCK_SECONDS without progress.

Times on a shared machine are noisy, so each figure comes with the load averages before and
after, and `--layout` adds what load disturbs less: every PDF part of the job laid out in one
process, one after another (CPU seconds and wall seconds, summed), and the cost of an almost
empty part (what each part costs whatever its pages). `--only-join` times the serial end alone
(reports/annual/document.py `assemble_pdf`: cover and contents, stamp, tagged join) on the parts of
the real report, laid out once per scale and kept in the scale's var folder (delete
report-parts.pickle there to lay them out again), with the join process's peak memory.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, django_setup, run_child, save


def _children(pid: int, *, deep: bool = True) -> list[int]:
    """The process's children (`deep`: and theirs)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    if not deep:
        return found
    return found + [grand for child in found for grand in _children(child)]


def _proc_kb(pid: int, file: str, field: str) -> int:
    """A size in kB that /proc/<pid>/<file> gives on its `field:` line; 0 once the process is
    gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _peak_kb(pid: int) -> int:
    """The process's peak resident size (VmHWM)."""
    return _proc_kb(pid, "status", "VmHWM")


def _pss_kb(pid: int) -> int:
    """The process's proportional set size: its own pages, and its share of the pages it shares
    with the other processes (a pool process forked from the worker shares the code and data
    loaded before the fork, which VmHWM counts again in every process)."""
    return _proc_kb(pid, "smaps_rollup", "Pss")


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int) -> int:
    """The process's resident size now (/proc/<pid>/statm: a counter, cheap to read)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError):
        return 0


class MemorySampler(threading.Thread):
    """The worker's memory on the machine: the peak of the sum of its processes' PSS, sampled
    every `interval` seconds in a thread of its own, beside the peak of their VmHWM.

    Reading smaps_rollup walks the process's page tables: about 20 µs of CPU per resident MB
    here, 20 ms a round at 1 GB, 45 s of CPU in a run at scale 10 when every round read every
    process. So each process's PSS is read at most every `read_every` seconds, and in between
    taken as its last reading plus the change of its resident size since (statm, a counter, read
    every round): the pages a process gains are its own at first, so a spike shows at once. What
    the rounds between readings miss is a page that stops being shared (copy on write) and is
    freed again within `read_every`."""

    def __init__(self, pid: int, interval: float = 0.1, read_every: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval, self.read_every = pid, interval, read_every
        self.stop = threading.Event()
        self.pss_peak_kb, self.pss_at_peak = 0, []
        self.hwm_kb: list[int] = []
        self.rounds = self.reads = 0
        self.peak_at = 0.0
        self.pool: set[int] = set()  # the worker's pool processes, replaced ones included
        self.longest_round = 0.0
        self.cpu = 0.0

    def run(self) -> None:
        read: dict[int, tuple[float, int, int]] = {}  # pid -> (when, PSS, resident size then)
        began = time.perf_counter()
        while not self.stop.is_set():
            started, cpu = time.perf_counter(), time.thread_time()
            pids = [self.pid, *_children(self.pid)]
            self.pool.update(_children(self.pid, deep=False))
            self.rounds += 1
            pss = []
            for pid in pids:
                rss = _rss_kb(pid)
                when, last_pss, last_rss = read.get(pid, (0.0, 0, 0))
                if started - when >= self.read_every:
                    read[pid] = (started, _pss_kb(pid), rss)
                    self.reads += 1
                    pss.append(read[pid][1])
                else:
                    pss.append(max(0, last_pss + rss - last_rss))
            if sum(pss) > self.pss_peak_kb:
                self.pss_peak_kb, self.pss_at_peak = sum(pss), sorted(pss, reverse=True)
                self.peak_at = started - began
            # The live processes' peaks, summed: a pool process replaced meanwhile counts no more.
            hwm = [_peak_kb(pid) for pid in pids]
            if sum(hwm) > sum(self.hwm_kb):
                self.hwm_kb = sorted(hwm, reverse=True)
            self.cpu += time.thread_time() - cpu
            self.longest_round = max(self.longest_round, time.perf_counter() - started)
            self.stop.wait(max(0.0, self.interval - (time.perf_counter() - started)))

    def result(self) -> dict:
        return {
            "peak_pss_mb": round(self.pss_peak_kb / 1024, 1),
            "peak_pss_process_mb": [
                round(kb / 1024, 1) for kb in self.pss_at_peak if kb > 10 * 1024
            ],
            "peak_worker_mb": round(sum(self.hwm_kb) / 1024, 1),
            "peak_process_mb": [round(kb / 1024, 1) for kb in self.hwm_kb if kb > 10 * 1024],
            "peak_pss_at_s": round(self.peak_at, 1),  # after the sampling began (the request)
            "pool_processes": len(self.pool),  # above the concurrency: pool processes replaced
            "sampling": {
                "interval_s": self.interval,
                "rounds": self.rounds,
                "read_every_s": self.read_every,
                "pss_reads": self.reads,
                "longest_round_s": round(self.longest_round, 3),
                "cpu_s": round(self.cpu, 2),
            },
        }


GOAL_SECONDS = {1: 5, 10: 50}
GOAL_PEAK_MB = 600  # the peak of the sum of the PSS of the worker's processes (MemorySampler)
STUCK_SECONDS = 180  # without a change of stage or progress: the report is stuck
READY_SECONDS = 120  # for the worker to start taking tasks
# How often the report's row is read while the job runs: the time measured is late by up to
# this (it was 0.25 s, an eighth of a second on average of the 5 s goal).
POLL_SECONDS = 0.05


def _warm_up(worker: subprocess.Popen, trace: Path, task) -> None:
    """One task sent and run before the clock starts (the resume task, with no report to resume):
    this process's connection to the broker is open, as a serving web process's is, instead of
    opened by the request (0.2 s), and a pool process has its connection to the database."""
    task.delay()
    deadline = time.perf_counter() + READY_SECONDS
    while time.perf_counter() < deadline:
        if worker.poll() is not None:
            raise RuntimeError("the worker stopped; see var/bench-worker.log")
        if '"event": "end"' in trace.read_text():
            trace.write_text("")  # the job's own timeline from here
            return
        time.sleep(0.05)
    raise TimeoutError(f"the worker did not run a task within {READY_SECONDS} s")


def _wait_until_ready(worker: subprocess.Popen, trace: Path) -> None:
    """Until the worker takes tasks (its `worker_ready`, bench/trace.py), not a fixed sleep: on
    a loaded machine a worker started 3 s before was still starting when the request came (the
    first task waited 1.4 s for it), which a deployed worker, long running, never does."""
    deadline = time.perf_counter() + READY_SECONDS
    while time.perf_counter() < deadline:
        if worker.poll() is not None:
            raise RuntimeError("the worker stopped; see var/bench-worker.log")
        if trace.exists() and '"event": "ready"' in trace.read_text():
            return
        time.sleep(0.1)
    raise TimeoutError(f"the worker was not ready after {READY_SECONDS} s")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(concurrency: int) -> dict:
    django_setup()
    from django.conf import settings

    from core import fonts
    from core.policy import SYSTEM
    from reports.models import AnnualReport
    from reports.services import report_request
    from reports.tasks import resume_stalled_reports

    # Once per install (var/fonts/), as collectstatic's fonts: not the report's own time.
    fonts.pdf_fonts(fonts.pdf_folder())
    load_before = _load()

    log = open(ROOT / "var" / "bench-worker.log", "w")  # noqa: SIM115 — the worker writes to it
    trace = ROOT / "var" / "bench-trace.jsonl"
    trace.unlink(missing_ok=True)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench.trace",  # the project's app, each task's start and end written down
            "worker",
            "--loglevel",
            os.environ.get("BENCH_WORKER_LOGLEVEL", "warning"),
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_TRACE": str(trace)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    memory = MemorySampler(worker.pid)
    try:
        _wait_until_ready(worker, trace)
        memory.start()
        AnnualReport.objects.filter(status__in=AnnualReport.ACTIVE).update(status="failed")
        _warm_up(worker, trace, resume_stalled_reports)
        start, requested_at = time.perf_counter(), time.time()
        report, _ = report_request(year=2025, actor=SYSTEM)
        sent = round(time.perf_counter() - start, 3)  # the request's own time, the job sent
        stages = {}  # when each stage was first seen: where the time goes
        last, last_change = None, time.perf_counter()
        resumed = time.perf_counter()
        while True:
            report.refresh_from_db()
            stages.setdefault(report.stage, round(time.perf_counter() - start, 2))
            if report.status in ("succeeded", "failed"):
                break
            if time.perf_counter() - resumed > settings.REPORT_RESUME_EVERY_SECONDS:
                # What beat does (CELERY_BEAT_SCHEDULE): parts lost with a failed try go again.
                resume_stalled_reports.delay()
                resumed = time.perf_counter()
            if (report.stage, report.progress) != last:
                last, last_change = (report.stage, report.progress), time.perf_counter()
            if time.perf_counter() - last_change > STUCK_SECONDS:
                pending = list(report.pending_parts.values_list("key", "heartbeat_at"))
                raise TimeoutError(
                    f"no progress for {STUCK_SECONDS} s at {report.stage!r}; "
                    f"parts pending: {pending}; see var/bench-worker.log"
                )
            time.sleep(POLL_SECONDS)
        elapsed = time.perf_counter() - start
    finally:
        memory.stop.set()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert report.status == "succeeded", report.error
    from pypdf import PdfReader

    with report.pdf_file.open("rb") as pdf:
        pages = len(PdfReader(io.BytesIO(pdf.read())).pages)
    return {
        "seconds": round(elapsed, 1),
        **memory.result(),
        "pdf_bytes": report.pdf_file.size,
        "pages": pages,
        "concurrency": concurrency,
        "load_before": load_before,
        "load_after": _load(),
        "stages": {stage: at for stage, at in stages.items() if not stage.startswith("Sections")},
        "request_s": sent,
        # The job's own record of its end (its last step's clock), without the polling's delay.
        "finished_s": round(report.finished_at.timestamp() - requested_at, 2),
        "timeline": timeline(trace, requested_at),
    }


def timeline(trace: Path, requested_at: float) -> dict:
    """The tasks as the pool processes ran them (bench/trace.py), in seconds after the request:
    per process, each task's start, end, CPU seconds and what it worked on; and how long each
    process idled between the first task's start and the last task's end (what two processes
    could have shared and did not)."""
    events = [json.loads(line) for line in trace.read_text().splitlines() if line.strip()]
    received = {e["id"]: e["at"] for e in events if e["event"] == "received"}
    started = {e["id"]: e for e in events if e["event"] == "start"}
    tasks = []
    for end in (e for e in events if e["event"] == "end"):
        begin = started.get(end["id"])
        if begin is None:
            continue
        tasks.append(
            {
                "pid": end["pid"],
                "task": end["task"].removeprefix("reports."),
                "what": end.get("what", ""),
                "received": round(received.get(end["id"], begin["at"]) - requested_at, 3),
                "start": round(begin["at"] - requested_at, 3),
                "end": round(end["at"] - requested_at, 3),
                "cpu": round(end["cpu"] - begin["cpu"], 3),
                **{k: end[k] for k in ("rss_mb", "hwm_mb", "pss_mb") if k in end},
            }
        )
    tasks.sort(key=lambda t: t["start"])
    if not tasks:
        return {"tasks": []}
    first, last = tasks[0]["start"], max(t["end"] for t in tasks)
    processes = {}
    for pid in sorted({t["pid"] for t in tasks}):
        own = [t for t in tasks if t["pid"] == pid]
        busy = sum(t["end"] - t["start"] for t in own)
        processes[str(pid)] = {
            "tasks": len(own),
            "busy_s": round(busy, 3),
            "cpu_s": round(sum(t["cpu"] for t in own), 3),
            "idle_s": round(last - first - busy, 3),
        }
    return {"first_start": first, "last_end": last, "processes": processes, "tasks": tasks}


def _memory_after(task: dict) -> str:
    """The pool process's memory once the task ended (bench/trace.py), when recorded."""
    shown = [f"{task[k]:.0f}" if k in task else "–" for k in ("rss_mb", "pss_mb", "hwm_mb")]
    return "; after: RSS {} PSS {} peak {} MB".format(*shown) if "rss_mb" in task else ""


def print_timeline(run: dict) -> None:
    line = run.get("timeline") or {}
    print(
        f"  the request returned (the job sent) at {run.get('request_s')} s; the job recorded "
        f"its end at {run.get('finished_s')} s"
    )
    for t in line.get("tasks", []):
        print(
            f"  {t['pid']:>7} {t['start']:6.2f} → {t['end']:6.2f} ({t['cpu']:5.2f} s CPU, received"
            f" {t['received']:5.2f}) {t['task']} {t['what']}{_memory_after(t)}"
        )
    for pid, p in line.get("processes", {}).items():
        print(
            f"  process {pid}: {p['tasks']} tasks, busy {p['busy_s']} s, CPU {p['cpu_s']} s, "
            f"idle {p['idle_s']} s between {line['first_start']} and {line['last_end']}"
        )


def layout() -> dict:
    """Every PDF part of the job laid out in this process, one after another, as the workers
    lay them out (reports/annual/pipeline.py): CPU and wall seconds per kind of part."""
    django_setup()
    from pypdf import PdfReader

    from core import fonts
    from reports.annual import annexes, content, render

    fonts.pdf_fonts(fonts.pdf_folder())
    render.render_pdf("<p>fonts loaded</p>")  # once per worker process, not per part
    year = 2025
    empty = {"slug": "empty", "name": "Empty", "country": "-", "projects": []}
    render.render_annex_pdf(empty, year)  # Typst's compiler and its fonts: once per process
    load_before = _load()
    network = content.network_content(year)
    index = annexes.annex_index(year)
    result = {}

    def timed(kind: str, make) -> bytes:
        cpu, wall = time.process_time(), time.perf_counter()
        pdf = make()
        entry = result.setdefault(kind, {"parts": 0, "pages": 0, "cpu_s": 0.0, "wall_s": 0.0})
        entry["parts"] += 1
        entry["pages"] += len(PdfReader(io.BytesIO(pdf)).pages)
        entry["cpu_s"] += time.process_time() - cpu
        entry["wall_s"] += time.perf_counter() - wall
        return pdf

    for key in render.SECTION_KEYS:
        timed("sections", lambda key=key: render.render_section_pdf(key, network, index))
    for city_id in annexes.annex_city_ids(year):
        city = annexes.city_annex(city_id, year)
        timed("annexes", lambda city=city: render.render_annex_pdf(city, year))
    for _ in range(5):
        timed("empty part", lambda: render.render_annex_pdf(empty, year))
    for entry in result.values():
        entry["cpu_s"], entry["wall_s"] = round(entry["cpu_s"], 2), round(entry["wall_s"], 2)
    empty = result["empty part"]
    empty.update(parts=1, pages=1, cpu_s=round(empty["cpu_s"] / 5, 3))
    empty["wall_s"] = round(empty["wall_s"] / 5, 3)
    return {"parts": result, "load_before": load_before, "load_after": _load()}


def _parts_file() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "report-parts.pickle"


def make_parts() -> dict:
    """The parts of the 2025 report laid out as the workers lay them out, kept for `join`."""
    django_setup()
    from core import fonts
    from reports.annual import annexes, content, render

    path = _parts_file()
    if not path.exists():
        fonts.pdf_fonts(fonts.pdf_folder())
        year = 2025
        basis = content.report_basis(year)
        network = content.network_content(year)
        index = annexes.annex_index(year)
        cities = [annexes.city_annex(c, year) for c in annexes.annex_city_ids(year)]
        data = content.assemble(network, cities)
        parts = [render.render_section_pdf(key, network, index) for key in render.SECTION_KEYS]
        annex_pdfs = [render.render_annex_pdf(city, year) for city in cities]
        as_of = content.as_of(basis, year)
        path.write_bytes(pickle.dumps((dict(data), parts, annex_pdfs, as_of)))
    return {"parts_file": str(path)}


def join(repeat: int) -> dict:
    """`document.assemble_pdf` alone, in a process that did nothing else: CPU and wall seconds
    (the first run and the best of `repeat`) and the process's peak resident size."""
    django_setup()
    from pypdf import PdfReader

    from core import fonts
    from reports.annual import document, render

    fonts.pdf_fonts(fonts.pdf_folder())
    render.render_pdf("<p>fonts loaded</p>")  # once per worker process, not per job
    data, parts, annex_pdfs, as_of = pickle.loads(_parts_file().read_bytes())
    load_before = _load()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        pdf = document.assemble_pdf(data, parts, annex_pdfs, as_of=as_of)
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    return {
        "first_cpu_s": round(runs[0][0], 2),
        "first_wall_s": round(runs[0][1], 2),
        "best_cpu_s": round(min(r[0] for r in runs), 2),
        "best_wall_s": round(min(r[1] for r in runs), 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_mb_before_join": round(rss_before / 1024, 1),
        "parts_bytes": sum(map(len, parts)) + sum(map(len, annex_pdfs)),
        "pdf_bytes": len(pdf),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "load_before": load_before,
        "load_after": _load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--layout", action="store_true", help="also the in-process layout")
    parser.add_argument("--only-layout", action="store_true", help="only the in-process layout")
    parser.add_argument("--only-join", action="store_true", help="only the serial end, timed")
    parser.add_argument("--make-parts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--timeline", action="store_true", help="print each task's timeline")
    parser.add_argument("--output", default="report", help="bench/results/<output>.json")
    args = parser.parse_args()
    if args.child:
        if args.make_parts:
            print(json.dumps(make_parts()))
        elif args.only_join:
            print(json.dumps(join(3 if args.scale == 1 else 1)))
        else:
            print(json.dumps(layout() if args.only_layout else measure(args.concurrency)))
        return
    result = {}
    for scale in args.scales:
        if args.layout or args.only_layout:
            in_process = run_child(__file__, scale, "--only-layout")
            result[f"layout_scale_{scale}"] = in_process
            for kind, e in in_process["parts"].items():
                print(
                    f"scale {scale} layout, {kind}: {e['parts']} parts, {e['pages']} pages, "
                    f"{e['cpu_s']} s CPU, {e['wall_s']} s wall (load {in_process['load_before']})"
                )
        if args.only_join:
            run_child(__file__, scale, "--make-parts")
            joined = run_child(__file__, scale, "--only-join")
            result[f"join_scale_{scale}"] = joined
            print(
                f"scale {scale} join: {joined['pages']} pages, {joined['pdf_bytes']} bytes "
                f"(parts {joined['parts_bytes']}); first {joined['first_cpu_s']} s CPU, "
                f"{joined['first_wall_s']} s wall; best {joined['best_cpu_s']} s CPU, "
                f"{joined['best_wall_s']} s wall; peak {joined['peak_mb']} MB (before the join "
                f"{joined['peak_mb_before_join']} MB); load {joined['load_before']} → "
                f"{joined['load_after']}"
            )
            continue
        if args.only_layout:
            continue
        run = run_child(__file__, scale, "--concurrency", str(args.concurrency))
        result[f"scale_{scale}"] = run
        goal = GOAL_SECONDS.get(scale)
        print(
            f"scale {scale}: {run['seconds']} s (goal ≤ {goal} s), worker memory: peak PSS sum "
            f"{run['peak_pss_mb']} MB {run['peak_pss_process_mb']} (goal ≤ {GOAL_PEAK_MB} MB), "
            f"VmHWM sum {run['peak_worker_mb']} MB {run['peak_process_mb']}, "
            f"sampling {run['sampling']}; {run['pages']} pages; "
            f"load {run['load_before']} → {run['load_after']}; stages {run['stages']}"
        )
        if args.timeline:
            print_timeline(run)
    if "scale_1" in result and "scale_10" in result:
        ratio = result["scale_10"]["seconds"] / result["scale_1"]["seconds"]
        result["ratio"] = round(ratio, 2)
        print(f"ratio scale 10 ÷ scale 1: {ratio:.2f}")
    save(args.output, result)


if __name__ == "__main__":
    main()
