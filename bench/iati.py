"""The IATI export streams in bounded memory: GET /api/iati/activities.xml at seed_demo --scale 1
and --scale 10.

    make bench-iati        # or: DEBUG=true .venv/bin/python bench/iati.py

Goal (issue 17): the file grows with the network (about 10× the bytes at scale 10) while the
peak memory Python allocates to produce it (tracemalloc, the response consumed piece by piece and
thrown away, as a client reading the stream would) stays within 2× of scale 1's; the number of
SQL queries grows with the number of batches of 200 projects only. Prints the figures and writes
bench/results/iati.json.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc

from common import django_setup, run_child, save


def measure() -> dict:
    django_setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from action_plans.iati import iati_projects

    client = Client()
    b"".join(client.get("/api/iati/activities.xml").streaming_content)  # warm up
    reset_queries()
    tracemalloc.start()
    start = time.perf_counter()
    size = pieces = 0
    with CaptureQueriesContext(connection) as queries:
        for piece in client.get("/api/iati/activities.xml").streaming_content:
            size += len(piece)
            pieces += 1
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "activities": iati_projects().count(),
        "bytes": size,
        "pieces": pieces,
        "peak_kib": round(peak / 1024),
        "seconds": round(seconds, 2),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure()))
        return
    small = run_child(__file__, 1)
    large = run_child(__file__, 10)
    memory = large["peak_kib"] / small["peak_kib"]
    size = large["bytes"] / small["bytes"]
    for name, figures in (("scale 1", small), ("scale 10", large)):
        print(
            f"{name:8} {figures['activities']:5} activities {figures['bytes'] / 1e6:6.1f} MB "
            f"in {figures['seconds']:5.1f} s, {figures['queries']} queries, "
            f"peak {figures['peak_kib']} KiB"
        )
    print(f"bytes ×{size:.1f}, peak memory ×{memory:.2f} (goal ≤ 2)")
    save(
        "iati",
        {
            "scale_1": small,
            "scale_10": large,
            "bytes_ratio": round(size, 2),
            "memory_ratio": round(memory, 2),
        },
    )


if __name__ == "__main__":
    main()
