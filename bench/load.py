"""Load test: mixed traffic for 60 s against gunicorn + PostgreSQL + Redis, as in production.

    make bench-load        # or: .venv/bin/python bench/load.py

Set-up: the database `ascn_load` on the PostgreSQL server of LOAD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres) is created if missing, migrated and given the
reference data and `seed_demo --scale 1 --force`; `collectstatic` fills var/load/static for
whitenoise; `asec` gets an authenticator whose secret only this run knows. Then gunicorn
(`ascn_portal.wsgi`, 3 workers) serves the portal on a free port of 127.0.0.1 with DEBUG off,
Redis (LOAD_REDIS_URL, default redis://127.0.0.1:6379/11, keys prefixed `ascn-load`) as cache
and throttle store, and the API throttles raised so that the run measures the server, not them.
Plain HTTP: HTTPS redirect and secure cookies are off for loopback.

The traffic (bench/locustfile.py, locust headless): anonymous visitors on the public pages, API
clients with the token of a city official on the API lists, and one ASEC staff member who signs
in through the login form and the two-factor page, then reads the dashboards. Every page must
answer 200 (no redirect, no 4xx, no 5xx), and gunicorn's access log is checked too.

Goal (issue 9, point 6): 0 errors. Prints req/s and p95 per page and writes
bench/results/load.json. gunicorn is stopped at the end, whatever happens; the database is kept
for the next run (`--fresh` rebuilds it, `--drop` removes it afterwards).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "var" / "load"
CACHE_PREFIX = "ascn-load"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
WARM_PATHS = ["/", "/cities/", "/partners/", "/opportunities/", "/meetings/", "/progress/"]
ACCESS_LOG_FORMAT = '%(s)s %(m)s "%(U)s"'
ACCESS_LINE = re.compile(r'^(\d{3}) (\S+) "([^"]*)"$')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of traffic (60)")
    parser.add_argument("--users", type=int, default=20, help="simulated users (20)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--database", default="ascn_load", help="database name (ascn_load)")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def server_url() -> str:
    return os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    return f"{server_url().rsplit('/', 1)[0]}/{name}"


def environment(args: argparse.Namespace) -> dict:
    """Production settings, but plain HTTP on loopback and API throttles out of the way."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url(args.database),
        "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/11"),
        "CACHE_KEY_PREFIX": CACHE_PREFIX,
        "CELERY_QUEUE": CACHE_PREFIX,
        "ASCN_VAR_DIR": str(VAR),
        "STATIC_ROOT": str(VAR / "static"),
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
        "API_THROTTLE_AUTH": "1000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def admin_execute(statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(server_url())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def database_exists(name: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(server_url())
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def manage(env: dict, *command: str) -> str:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def set_up(args: argparse.Namespace, env: dict) -> dict:
    """The database, static files, Redis keys and `asec`'s authenticator; returns what the
    traffic needs (the authenticator's key, the cities and countries to open)."""
    if args.fresh and database_exists(args.database):
        admin_execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
    if not database_exists(args.database):
        admin_execute(f'CREATE DATABASE "{args.database}"')
    step("migrate, load_reference_data, seed_demo --scale 1 --force")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_reference_data", "-v0")
    manage(env, "seed_demo", "--scale", "1", "--force", "-v0")
    if static_outdated():
        step("collectstatic")
        manage(env, "collectstatic", "--noinput", "-v0")

    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    stale = list(client.scan_iter(match=f"{CACHE_PREFIX}:*"))
    if stale:
        client.delete(*stale)

    key = secrets.token_hex(20)
    output = subprocess.run(
        [sys.executable, __file__, "--prepare", "--database", args.database],
        env={**env, "LOAD_TOTP_KEY": key},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {"LOAD_TOTP_KEY": key, **json.loads(output.strip().splitlines()[-1])}


def static_outdated() -> bool:
    """Whether collectstatic must run: no manifest yet, or a file of static/ changed since
    (it takes minutes on a busy machine; packages' static files change only with upgrades)."""
    manifest = VAR / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (ROOT / "static").rglob("*"))


def prepare() -> None:
    """`--prepare`: inside the portal's settings, give `asec` the run's authenticator."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")
    import django

    django.setup()
    from axes.models import AccessAttempt, AccessFailureLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from cities.models import City, Country

    asec = User.objects.get(username="asec")
    TOTPDevice.objects.filter(user=asec).delete()
    TOTPDevice.objects.create(
        user=asec, name="Load test", key=os.environ["LOAD_TOTP_KEY"], confirmed=True
    )
    # No lockout left over from an earlier, interrupted run.
    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()
    cities = list(City.objects.order_by("slug").values_list("slug", flat=True))
    countries = list(Country.objects.order_by("code").values_list("code", flat=True))
    print(json.dumps({"LOAD_CITIES": ",".join(cities), "LOAD_COUNTRIES": ",".join(countries)}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(args: argparse.Namespace, env: dict, port: int) -> subprocess.Popen:
    log = (VAR / "gunicorn.log").open("w")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ascn_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
            "--access-logfile",
            str(VAR / "access.log"),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with its workers at the end
    )


def wait_until_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {VAR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{base}/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")


def warm_up(base: str, data: dict, workers: int) -> None:
    """Each worker's first requests import and compile templates; load them before measuring."""
    city = data["LOAD_CITIES"].split(",")[0]
    country = data["LOAD_COUNTRIES"].split(",")[0]
    paths = [*WARM_PATHS, f"/cities/{city}/", f"/countries/{country}/"]
    for _ in range(workers * 2):
        for path in paths:
            with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
                response.read()


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run_traffic(args: argparse.Namespace, base: str, data: dict) -> int:
    prefix = VAR / "locust"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.duration}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--json-file",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, **data, "LOAD_PASSWORD": os.environ.get("DEMO_PASSWORD", "ascn-demo")}
    with (VAR / "locust.log").open("w") as log:
        finished = subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=args.duration + 120,
        )
    return finished.returncode


def percentile(response_times: dict, requests: int, share: float) -> int:
    """The response time `share` of the requests finished within (locust's own rule, on its
    histogram of rounded times)."""
    within = int(requests * share)
    counted = 0
    for milliseconds in sorted(response_times, key=float, reverse=True):
        counted += response_times[milliseconds]
        if requests - counted <= within:
            return round(float(milliseconds))
    return 0


def read_stats() -> tuple[dict, dict]:
    """Figures per request name from locust's final statistics (written once every request,
    those finishing during --stop-timeout included, is counted). Rates are over the whole run."""
    entries = json.loads((VAR / "locust.json").read_text())
    window = max(e["last_request_timestamp"] or 0 for e in entries) - min(
        e["start_time"] for e in entries
    )
    merged = {"num_requests": 0, "num_failures": 0, "max_response_time": 0, "response_times": {}}
    pages = {}
    for entry in sorted(entries, key=lambda e: (e["name"], e["method"])):
        pages[f"{entry['method']} {entry['name']}"] = figures(entry, window)
        merged["num_requests"] += entry["num_requests"]
        merged["num_failures"] += entry["num_failures"]
        merged["max_response_time"] = max(merged["max_response_time"], entry["max_response_time"])
        for milliseconds, count in entry["response_times"].items():
            merged["response_times"][milliseconds] = (
                merged["response_times"].get(milliseconds, 0) + count
            )
    return pages, figures(merged, window)


def figures(entry: dict, window: float) -> dict:
    requests = entry["num_requests"]
    return {
        "requests": requests,
        "failures": entry["num_failures"],
        "req_per_s": round(requests / window, 2) if window > 0 else 0.0,
        "median_ms": percentile(entry["response_times"], requests, 0.5),
        "p95_ms": percentile(entry["response_times"], requests, 0.95),
        "max_ms": round(entry["max_response_time"]),
    }


def read_failures() -> list[dict]:
    path = VAR / "locust_failures.csv"
    if not path.exists():
        return []
    with path.open() as handle:
        return [
            {
                "request": f"{row['Method']} {row['Name']}",
                "error": row["Error"],
                "count": int(row["Occurrences"]),
            }
            for row in csv.DictReader(handle)
        ]


def read_access_log() -> Counter:
    statuses = Counter()
    for line in (VAR / "access.log").read_text().splitlines():
        match = ACCESS_LINE.match(line)
        if match:
            statuses[match.group(1)] += 1
    return statuses


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def main() -> None:
    args = parse_args()
    if args.prepare:
        prepare()
        return
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    step(f"set-up of database {args.database}")
    data = set_up(args, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (VAR / "access.log").write_text("")
    step(f"gunicorn ascn_portal.wsgi, {args.workers} workers, on {base}")
    server = start_gunicorn(args, env, port)
    try:
        wait_until_ready(base, server)
        warm_up(base, data, args.workers)
        (VAR / "access.log").write_text("")  # gunicorn appends: only the run's requests count
        step(f"locust: {args.users} users for {args.duration} s")
        load_before = os.getloadavg()[0]
        locust_exit = run_traffic(args, base, data)
    finally:
        step("stopping gunicorn")
        stop(server)
    if args.drop:
        admin_execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')

    pages, total = read_stats()
    failures = read_failures()
    statuses = read_access_log()
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    client_errors = sum(n for status, n in statuses.items() if status.startswith("4"))
    errors = total.get("failures", 0) + server_errors + client_errors
    result = {
        "date": datetime.date.today().isoformat(),
        "setup": {
            "server": f"gunicorn, {args.workers} sync workers, DEBUG off, 127.0.0.1",
            "database": "PostgreSQL, seed_demo --scale 1",
            "cache": "Redis",
            "users": args.users,
            "duration_s": args.duration,
            "machine": f"{os.cpu_count()} cores, shared",
            "load_average_before": round(load_before, 1),
            "load_average_after": round(os.getloadavg()[0], 1),
        },
        "pages": pages,
        "total": total,
        "server_statuses": dict(sorted(statuses.items())),
        "failures": failures,
        "errors": errors,
        "goal": "0 errors: no failed request, no 4xx, no 5xx",
        "goal_met": errors == 0 and locust_exit == 0 and bool(total.get("requests")),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2) + "\n")

    print()
    print("| request | requests | req/s | median ms | p95 ms | failures |")
    print("|---|---|---|---|---|---|")
    for name, figures in [*pages.items(), ("**all**", total)]:
        print(
            f"| `{name}` | {figures['requests']} | {figures['req_per_s']} | "
            f"{figures['median_ms']} | {figures['p95_ms']} | {figures['failures']} |"
        )
    print()
    print(f"gunicorn access log: {dict(sorted(statuses.items()))}")
    for failure in failures:
        print(f"FAILED {failure['count']}× {failure['request']}: {failure['error']}")
    verdict = "met" if result["goal_met"] else "NOT met"
    print(f"Goal (0 errors): {verdict} — {errors} errors. Written bench/results/load.json.")
    if not args.drop:
        print(f"Database {args.database} kept for the next run (--drop removes it).")
    sys.exit(0 if result["goal_met"] else 1)


if __name__ == "__main__":
    main()
