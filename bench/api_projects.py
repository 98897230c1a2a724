"""Throughput of `GET /api/projects/` against a minimal `.values()` + `JsonResponse` view.

    DEBUG=true .venv/bin/python bench/api_projects.py [--projects 1000] [--requests 300]

Both run in this one process, through the same middleware, over the same rows: a fresh SQLite
file in a temporary directory (or, with BENCH_DATABASE_URL=postgres://…/anything, a database
`ascn_bench_api` on that server, recreated each run), seeded with published plans holding
`--projects` projects, each with focus areas, an outcome, a GESI group and a progress update.
Anonymous requests walk pages of 50, the two views taking turns. The minimal view returns the
same fields (codes of focus areas, outcomes and GESI groups, the latest progress) with
hand-written queries and no serializer. Goal (issue 4): API requests/s ÷ minimal requests/s
≥ 0.5. Prints both rates and the ratio, and writes bench/results/api_projects.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 50


def configure(directory: str) -> str:
    """Point Django at the benchmark's own database before it starts."""
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if server.startswith("postgres"):
        url = server.rsplit("/", 1)[0] + "/ascn_bench_api"
        _recreate_postgres_database(server, "ascn_bench_api")
    else:
        url = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.update(
        {
            "DEBUG": "true",
            "DATABASE_URL": url,
            "ASCN_VAR_DIR": directory,
            # Throttling measures requests per client; here one client is the whole load.
            "API_THROTTLE_ANON": "100000000/minute",
            "DJANGO_SETTINGS_MODULE": "ascn_portal.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url


def _recreate_postgres_database(server: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def seed(projects: int) -> None:
    """Published plans of 50 projects each, built with bulk inserts."""
    from django.core.management import call_command

    from accounts.models import Role, User
    from action_plans.models import (
        ActionPlan,
        FocusArea,
        GesiGroup,
        PlanPublication,
        PlanStatus,
        ProgressUpdate,
        Project,
        StrategicOutcome,
    )
    from cities.models import City, Country

    call_command("migrate", verbosity=0)
    asec = User.objects.create(username="bench-asec", role=Role.ASEC)
    country = Country.objects.create(code="VN", name="Viet Nam", asean_member_since=1995)
    areas = [FocusArea.objects.create(code=f"area-{n}", name=f"Area {n}") for n in range(6)]
    outcome = StrategicOutcome.objects.create(code="quality-of-life", name="Quality of life")
    gesi = GesiGroup.objects.get_or_create(code="women-girls", defaults={"name": "Women"})[0]
    plan_count = -(-projects // PAGE_SIZE)
    for n in range(plan_count):
        city = City.objects.create(
            slug=f"city-{n}", name=f"City {n}", country=country, latitude=16, longitude=108
        )
        plan = ActionPlan.objects.create(city=city, status=PlanStatus.PUBLISHED, vision="V.")
        PlanPublication.objects.create(plan=plan, revision=1, published_by=asec, snapshot={})
        size = min(PAGE_SIZE, projects - n * PAGE_SIZE)
        made = Project.objects.bulk_create(
            Project(
                plan=plan,
                title=f"Project {n}-{m}",
                summary="A project of the plan, described in a sentence or two.",
                lead_agency="Department of Construction",
                start_year=2019,
                end_year=2025,
                budget_usd=1_250_000,
                funding_model="public",
                stage="ongoing",
                position=m,
            )
            for m in range(size)
        )
        _link(Project.focus_areas.through, made, "focusarea", areas[:2])
        _link(Project.outcomes.through, made, "strategicoutcome", [outcome])
        _link(Project.gesi_groups.through, made, "gesigroup", [gesi])
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(project=p, year=2024, percent_complete=60, status="on_track")
            for p in made
        )


def _link(through, projects, field: str, targets) -> None:
    through.objects.bulk_create(
        through(project=project, **{field: target}) for project in projects for target in targets
    )


def minimal_view(request):
    """The same page with `.values()` and no serializer: the floor the API is measured against."""
    from django.db.models import OuterRef, Subquery
    from django.http import JsonResponse

    from action_plans.models import ProgressUpdate
    from core import policy

    page = int(request.GET.get("page", 1))
    projects = policy.visible_projects(request.user).order_by("plan__city__name", "position", "pk")
    latest = ProgressUpdate.objects.filter(project=OuterRef("pk")).order_by("-year")
    rows = list(
        projects.annotate(
            percent_complete=Subquery(latest.values("percent_complete")[:1]),
            progress_status=Subquery(latest.values("status")[:1]),
        ).values(*SCALARS)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    codes = _codes([row["id"] for row in rows])
    for row in rows:
        row["city"], row["country"] = (
            row.pop("plan__city__slug"),
            row.pop("plan__city__country__code"),
        )
        for name in ("focus_areas", "outcomes", "gesi_groups"):
            row[name] = codes[name].get(row["id"], [])
    return JsonResponse({"count": projects.count(), "results": rows})


SCALARS = (
    "id",
    "plan",
    "plan__city__slug",
    "plan__city__country__code",
    "title",
    "summary",
    "lead_agency",
    "start_year",
    "end_year",
    "budget_usd",
    "funding_model",
    "stage",
    "seeking_partners",
    "partnership_needs",
    "position",
    "percent_complete",
    "progress_status",
    "version",
    "updated_at",
)


def _codes(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    from action_plans.models import Project

    found: dict[str, dict[int, list[str]]] = {}
    for name in ("focus_areas", "outcomes", "gesi_groups"):
        through = getattr(Project, name).through
        target = getattr(Project, name).field.m2m_reverse_field_name()
        pairs = through.objects.filter(project__in=ids).values_list("project", f"{target}__code")
        found[name] = {}
        for project, code in pairs:
            found[name].setdefault(project, []).append(code)
    return found


def requests_per_second(client, paths: list[str], pages: int, count: int) -> list[float]:
    """Requests per second of each path, taking turns request by request so that a change in
    the machine's load (it is shared) weighs on both alike."""
    for path in paths:  # warm caches and connections
        for page in range(1, 4):
            client.get(f"{path}?page={page}")
    spent = [0.0] * len(paths)
    for n in range(count):
        for index, path in enumerate(paths):
            started = time.perf_counter()
            response = client.get(f"{path}?page={n % pages + 1}")
            spent[index] += time.perf_counter() - started
            assert response.status_code == 200, response.content[:300]
    return [count / seconds for seconds in spent]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ascn-bench-api-") as directory:
        database = configure(directory)
        seed(options.projects)
        result = measure(options.projects, options.requests)
        result["database"] = database.split("://", 1)[0]
    print(json.dumps(result, indent=2))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "api_projects.json").write_text(json.dumps(result, indent=2))


def measure(projects: int, count: int) -> dict:
    from django.test import Client, override_settings
    from django.urls import include, path

    import ascn_portal.urls

    urlconf = type(
        "BenchUrls",
        (),
        {
            "urlpatterns": [
                path("bench/minimal-projects/", minimal_view),
                path("", include(ascn_portal.urls)),
            ]
        },
    )
    pages = -(-projects // PAGE_SIZE)
    with override_settings(ROOT_URLCONF=urlconf):
        client = Client()
        _check_same_rows(client)
        api, minimal = requests_per_second(
            client, ["/api/projects/", "/bench/minimal-projects/"], pages, count
        )
    return {
        "projects": projects,
        "page_size": PAGE_SIZE,
        "requests": count,
        "api_requests_per_second": round(api, 1),
        "minimal_requests_per_second": round(minimal, 1),
        "ratio": round(api / minimal, 2),
        "goal": 0.5,
    }


def _check_same_rows(client) -> None:
    """Both views must answer with the same projects and fields, or the comparison means nothing."""
    api = client.get("/api/projects/?page=2").json()
    minimal = client.get("/bench/minimal-projects/?page=2").json()
    assert api["count"] == minimal["count"]
    assert [row["id"] for row in api["results"]] == [row["id"] for row in minimal["results"]]
    assert set(minimal["results"][0]) <= set(api["results"][0])


if __name__ == "__main__":
    main()
