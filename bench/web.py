"""The key pages and API lists against floor views, at seed_demo --scale 1 and --scale 10.

    make bench-web          # or: .venv/bin/python bench/web.py [--rounds 5 --requests 20]

Needs PostgreSQL and Redis on loopback. The databases `bench_speed` (scale 1) and
`bench_speed10` (scale 10) on BENCH_WEB_DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres) must be migrated and seeded once:
`migrate`, `load_reference_data`, `seed_demo --scale N` (README of bench/). BENCH_WEB_DATABASES
names another pair ("name1,name10"), e.g. copies that a branch with a migration has migrated. Redis:
BENCH_WEB_REDIS_URL (default redis://127.0.0.1:6379/10; keys prefixed `ascn-bench-web`).
Both databases are VACUUM ANALYZEd first.

Three gunicorn servers (2 sync workers each, DEBUG on as in `make run`, API throttles raised)
run side by side: scale 1 and scale 10 with the public cache off (what a cache miss costs), and
scale 1 with the cache on (what anonymous visitors mostly get). Each serves the portal's URLs
plus the floor views of bench/web/floor.py (same rows, `.values()` + JsonResponse or a minimal
template, same middleware). The client (two keep-alive connections) takes every target in turn,
round after round, so a change in the machine's load weighs on all alike; a round is
`--requests` requests per target. Reported per target: req/s, p50 and p95 in ms; ratios portal ÷
floor (same server and round) and scale 10 ÷ scale 1. Then, for the API lists, the SQL time the
database reports (EXPLAIN ANALYZE of every query of one request for a page of 20 rows, which
both scales fill) at both scales, the best of three passes alternated between the scales.

Writes bench/results/web.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVER = os.environ.get("BENCH_WEB_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_WEB_REDIS_URL", "redis://127.0.0.1:6379/10")
# Another pair of seeded databases (e.g. copies migrated by a branch): "name1,name10".
_NAMES = os.environ.get("BENCH_WEB_DATABASES", "bench_speed,bench_speed10").split(",")
DATABASES = dict(zip((1, 10), _NAMES, strict=True))

# (name, portal path, floor path)
PAGES = [
    ("home", "/", "/__floor__/home/"),
    ("cities", "/cities/", "/__floor__/cities/"),
    ("city", "/cities/da-nang/", "/__floor__/city/da-nang/"),
    ("partners", "/partners/", "/__floor__/partners/"),
    ("opportunities", "/opportunities/", "/__floor__/opportunities/"),
    ("meetings", "/meetings/", "/__floor__/meetings/"),
    ("twinnings", "/twinnings/", "/__floor__/twinnings/"),
]
APIS = [
    ("api projects", "/api/projects/?page_size=100", "/__floor__/projects/?page_size=100"),
    ("api action-plans", "/api/action-plans/", "/__floor__/action-plans/"),
    ("api progress-updates", "/api/progress-updates/", "/__floor__/progress-updates/"),
    ("api cities", "/api/cities/", "/__floor__/api/cities/"),
    ("api partners", "/api/partners/", "/__floor__/api/partners/"),
    # A page that scale 1 fills: it has 21 open opportunities, and a default page of 50 at
    # scale 10 would compare 50 rows with 21.
    (
        "api opportunities",
        "/api/opportunities/?page_size=20",
        "/__floor__/api/opportunities/?page_size=20",
    ),
    ("api meetings", "/api/meetings/", "/__floor__/api/meetings/"),
]
WARM = [("cities, cache warm", "/cities/", "/__floor__/hello/")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(scale: int, cache: bool) -> dict:
    return {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "bench.web.settings",
        "DATABASE_URL": f"{SERVER.rsplit('/', 1)[0]}/{DATABASES[scale]}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"ascn-bench-web-{scale}",
        "PUBLIC_CACHE_SECONDS": "600" if cache else "0",
        "ASCN_VAR_DIR": str(ROOT / "var" / "bench-web"),
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
    }


def start(scale: int, cache: bool) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "ascn_portal.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=environment(scale, cache),
        start_new_session=True,
    )
    return process, port


def get(connection: http.client.HTTPConnection, path: str) -> float:
    began = time.perf_counter()
    headers = {"Accept-Encoding": "gzip"}
    if path.startswith("/__floor__/"):
        # A floor is never served from the public cache (an Authorization header keeps a request
        # out of it, core/cache.py), so it stays what the view itself costs.
        headers["Authorization"] = "Floor"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return time.perf_counter() - began


def burst(port: int, path: str, requests: int) -> tuple[float, list[float]]:
    """`requests` GETs over two keep-alive connections; wall time and each request's time."""
    times: list[float] = []
    lock = threading.Lock()

    def client(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(count):
            elapsed = get(connection, path)
            with lock:
                times.append(elapsed)
        connection.close()

    threads = [
        threading.Thread(target=client, args=(n,))
        for n in (requests // 2, requests - requests // 2)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, times


def wait_up(port: int) -> None:
    for _ in range(300):
        try:
            get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), "/__floor__/hello/")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on {port} did not answer")


def summary(wall: float, times: list[float]) -> dict:
    times = sorted(times)
    return {
        "req_s": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
    }


def measure(servers: dict, targets: list, rounds: int, requests: int) -> dict:
    """Every (server, target, side) in turn, round after round; totals per cell."""
    cells = {}
    for server, port in servers.items():
        for name, portal, floor in targets[server]:
            for side, path in (("portal", portal), ("floor", floor)):
                burst(port, path, 4)  # warm-up: workers, connections, the cache
                cells[(server, name, side)] = (port, path, 0.0, [])
    for _round in range(rounds):
        for key, (port, path, wall, times) in list(cells.items()):
            spent, more = burst(port, path, requests)
            cells[key] = (port, path, wall + spent, times + more)
    return {key: summary(wall, times) for key, (_p, _path, wall, times) in cells.items()}


# Rows per page in the SQL check: a page that both scales fill. Scale 1 has 21 open
# opportunities, 38 cities and 11 meetings (meetings do not grow with the scale): a default page
# of 50 there holds fewer rows than at scale 10, and the check would weigh the page's fill, not
# the size of the data.
SQL_PAGE_SIZE = 20


def sql_path(path: str) -> str:
    """The API list's path with a page of SQL_PAGE_SIZE rows."""
    base, _, query = path.partition("?")
    kept = [item for item in query.split("&") if item and not item.startswith("page_size=")]
    return f"{base}?{'&'.join([*kept, f'page_size={SQL_PAGE_SIZE}'])}"


def explain(scale: int, apis: list) -> dict:
    """SQL time (EXPLAIN ANALYZE, planning and execution, best of 25, ms) of the queries of
    one anonymous request to each API list for a page of SQL_PAGE_SIZE rows, the second one: a
    serving process's steady state, not the one-off reads of its first request (compiled SQL
    kept, memoised figures)."""
    apis = [(name, sql_path(path), floor) for name, path, floor in apis]
    code = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
out = {{}}
for name, path, _floor in {apis!r}:
    Client().get(path)
    with CaptureQueriesContext(connection) as captured:
        Client().get(path)
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].lstrip().upper().startswith(("SELECT", "(SELECT")):
                spent = []
                # The best of 25: the machine is shared, and a list's queries take 0.4-0.8 ms in
                # all, planning included; with the best of seven, runs of the same code gave
                # action plans' ratio 1.08-1.77 (bench/README.md, issue 21).
                for _ in range(25):
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    spent.append(plan[0]["Execution Time"] + plan[0]["Planning Time"])
                total += min(spent)
    out[name] = round(total, 2)
print(json.dumps(out))
"""
    env = {**environment(scale, cache=False), "REDIS_URL": ""}
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def analyze() -> None:
    """Fresh planner statistics and visibility maps (autovacuum's job in production; a freshly
    seeded database has neither: PostgreSQL then joins thousands of rows for one page of 50,
    and a count cannot be an index-only scan)."""
    import psycopg2

    for name in DATABASES.values():
        connection = psycopg2.connect(f"{SERVER.rsplit('/', 1)[0]}/{name}")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20, help="requests per target and round")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words: measure only the targets whose name contains one of them "
        "(e.g. --only api or --only home,cities); the full run is the one to record",
    )
    parser.add_argument(
        "--output", default="web.json", help="file name under bench/results/ (default web.json)"
    )
    args = parser.parse_args()
    words = [w.strip() for w in args.only.split(",") if w.strip()]

    def chosen(targets: list) -> list:
        return [t for t in targets if not words or any(w in t[0] for w in words)]

    analyze()
    load_before = os.getloadavg()
    configs = {"s1": (1, False), "s10": (10, False), "s1-cache": (1, True)}
    processes, servers = [], {}
    try:
        for name, (scale, cache) in configs.items():
            process, port = start(scale, cache)
            processes.append(process)
            servers[name] = port
        for port in servers.values():
            wait_up(port)
        every = chosen(PAGES + APIS)
        targets = {"s1": every, "s10": every, "s1-cache": every + chosen(WARM)}
        cells = measure(servers, targets, args.rounds, args.requests)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    # Three passes per scale, alternated, each list's best kept: a single pass swung by up to
    # 1.8x on lists that take under a millisecond (7 December 2026, bench/README.md).
    passes = [(scale, explain(scale, chosen(APIS))) for _ in range(3) for scale in (1, 10)]
    sql = {
        scale: {
            name: min(found[name] for kind, found in passes if kind == scale)
            for name in passes[0][1]
        }
        for scale in (1, 10)
    }
    load_after = os.getloadavg()
    rows = []
    for server, target_list in targets.items():
        for name, _portal, _floor in target_list:
            p, f = cells[(server, name, "portal")], cells[(server, name, "floor")]
            row = {"server": server, "target": name, "portal": p, "floor": f}
            row["ratio_floor"] = round(p["req_s"] / f["req_s"], 2)
            if server == "s10":
                row["ratio_scale"] = round(p["req_s"] / cells[("s1", name, "portal")]["req_s"], 2)
            rows.append(row)
    result = {
        "rounds": args.rounds,
        "requests": args.requests,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "rows": rows,
        "sql_ms": sql,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / args.output).write_text(json.dumps(result, indent=2) + "\n")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print("| server | target | portal req/s | p50 | p95 | floor req/s | ÷ floor | s10 ÷ s1 |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        p, f = row["portal"], row["floor"]
        print(
            f"| {row['server']} | {row['target']} | {p['req_s']} | {p['p50_ms']} | {p['p95_ms']} "
            f"| {f['req_s']} | **{row['ratio_floor']}** | {row.get('ratio_scale', '')} |"
        )
    print("| API list | SQL ms scale 1 | SQL ms scale 10 | ratio |\n|---|---|---|---|")
    for name in sql[1]:
        ratio = sql[10][name] / sql[1][name] if sql[1][name] else 0
        print(f"| {name} | {sql[1][name]} | {sql[10][name]} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
