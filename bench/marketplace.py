"""Server time and query count of the marketplace's browse and recommendation pages at
seed_demo --scale 1 and --scale 10.

    DEBUG=true .venv/bin/python bench/marketplace.py

Goal (issue 7): the same number of queries at both scales, and time at scale 10 ÷ time at
scale 1 ≤ 3. Wall time is what a visitor waits; CPU time of the server process (which includes
SQLite, not a PostgreSQL server) is steadier on a shared machine, and the ratio uses it. Prints
the figures and writes bench/results/marketplace.json. Set
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to measure on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import django_setup, run_child, save

# (path, demo account that views it; None = anonymous)
PAGES = [
    ("/partners/", None),
    ("/partners/?support=funding", None),
    ("/opportunities/", None),
    ("/opportunities/?focus_area=built-infrastructure", None),
    ("/twinnings/", None),
    ("/partners/me/recommended/", "partner-adb"),
    ("/partners/for-city/da-nang/", "official-da-nang"),
]


def _timed(client, path: str, repeat: int) -> tuple[float, float, object]:
    client.get(path)  # warm caches and connections
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(wall), statistics.median(cpu), response


def measure(repeat: int) -> dict:
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    result = {}
    for path, username in PAGES:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        median, cpu, response = _timed(client, path, repeat)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        result[path] = {
            "median_ms": round(median * 1000, 1),
            "cpu_ms": round(cpu * 1000, 1),
            "queries": len(queries),
            "bytes": len(response.content),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.repeat)))
        return
    small = run_child(__file__, 1, "--repeat", str(args.repeat))
    large = run_child(__file__, 10, "--repeat", str(args.repeat))
    report = {}
    for path, _username in PAGES:
        ratio = large[path]["cpu_ms"] / small[path]["cpu_ms"]
        report[path] = {"scale_1": small[path], "scale_10": large[path], "ratio": round(ratio, 2)}
        print(
            f"{path:48} scale 1: {small[path]['cpu_ms']:6.1f} ms CPU "
            f"({small[path]['median_ms']:6.1f} wall, {small[path]['queries']} queries)  "
            f"scale 10: {large[path]['cpu_ms']:6.1f} ms CPU ({large[path]['median_ms']:6.1f} wall, "
            f"{large[path]['queries']} queries)  ratio {ratio:.2f} (goal ≤ 3)"
        )
    save("marketplace", report)


if __name__ == "__main__":
    main()
