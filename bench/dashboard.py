"""Server time of the ASEC network dashboard at seed_demo --scale 1 and --scale 10.

    make bench-dashboard        # or: DEBUG=true .venv/bin/python bench/dashboard.py

Goal (issue 5): time at scale 10 ÷ time at scale 1 ≤ 3. Prints the figures and writes
bench/results/dashboard.json. Set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to
measure on PostgreSQL (databases ascn_bench_s1 and ascn_bench_s10 are created there).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import django_setup, run_child, save

PATHS = ["/dashboard/?year=2025", "/dashboard/completeness/?year=2025", "/progress/?year=2025"]


def measure(repeat: int) -> dict:
    django_setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import two_factor
    from accounts.models import User

    asec = User.objects.get(username="asec")
    client = Client()
    client.force_login(asec)
    # ASEC staff pass the two-factor step, as in the browser, with an authenticator of this run
    # (a code is accepted once, so a kept device would refuse a second run within 30 s).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=asec, name="Benchmark").delete()
    device = TOTPDevice.objects.create(
        user=asec, name="Benchmark", key=two_factor.new_secret_key(), confirmed=True
    )
    answer = client.post("/accounts/two-factor/", {"code": two_factor.current_code(device)})
    assert answer.status_code == 302, ("two-factor step", answer.status_code)
    result = {}
    for path in PATHS:
        client.get(path)  # warm caches and connections
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
        reset_queries()  # with DEBUG on, the query log is a bounded deque: empty it first
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        result[path] = {
            "median_ms": round(statistics.median(timings) * 1000, 1),
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
    for path in PATHS:
        ratio = large[path]["median_ms"] / small[path]["median_ms"]
        report[path] = {"scale_1": small[path], "scale_10": large[path], "ratio": round(ratio, 2)}
        print(
            f"{path:40} scale 1: {small[path]['median_ms']:7.1f} ms "
            f"({small[path]['queries']} queries)  scale 10: {large[path]['median_ms']:7.1f} ms "
            f"({large[path]['queries']} queries)  ratio {ratio:.2f} (goal ≤ 3)"
        )
    save("dashboard", report)


if __name__ == "__main__":
    main()
