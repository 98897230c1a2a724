"""Shared set-up for benchmarks: one database per scale, migrated and seeded once.

Each scale gets its own database: a SQLite file under var/bench/ by default, or, when
BENCH_DATABASE_URL names a PostgreSQL server, a database `ascn_bench_s<scale>` on it (another
name than `ascn_bench` with BENCH_DATABASE_PREFIX: two people benchmarking the report on one
server each mark the other's running report failed otherwise). Seeding happens on first use and
is kept for later runs (delete var/bench/ or drop the database to redo).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def database_name(scale: int) -> str:
    return f"{os.environ.get('BENCH_DATABASE_PREFIX') or 'ascn_bench'}_s{scale}"


def database_url(scale: int) -> str:
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if server.startswith("postgres"):
        base = server.rsplit("/", 1)[0]
        return f"{base}/{database_name(scale)}"
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench' / f'scale{scale}.sqlite3'}"


def environment(scale: int) -> dict:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url(scale)}
    env.setdefault("ASCN_VAR_DIR", str(ROOT / "var" / "bench" / f"var{scale}"))
    return env


def ensure_database(scale: int) -> None:
    """Create (PostgreSQL), migrate and seed the scale's database unless it is already seeded."""
    url = database_url(scale)
    if url.startswith("postgres"):
        import psycopg2

        admin = os.environ["BENCH_DATABASE_URL"]
        connection = psycopg2.connect(admin)
        connection.autocommit = True
        with connection.cursor() as cursor:
            name = database_name(scale)
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
    env = environment(scale)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    seeded = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from demo.models import DemoContent; print(DemoContent.objects.exists())",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if seeded != "True":
        subprocess.run([*manage, "seed_demo", "--scale", str(scale)], env=env, check=True, cwd=ROOT)


def run_child(script: str, scale: int, *args: str) -> dict:
    """Run `script --child` against the scale's database; it prints one JSON line."""
    ensure_database(scale)
    output = subprocess.run(
        [sys.executable, script, "--child", "--scale", str(scale), *args],
        env=environment(scale),
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE,  # the child's errors go to the terminal
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")
    import django

    django.setup()


def save(name: str, result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
