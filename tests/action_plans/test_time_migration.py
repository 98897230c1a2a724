"""The time migrations on a copy of the demo data (issue 14 point 10): the database, seeded with
the demo content, goes back to before plan periods and cycles existed and forward again. Every
plan then belongs to the first period, and each year of it is a closed cycle whose submissions
follow from the progress updates that exist.

Transactional (schema changes cannot run inside a test's transaction); the database's initial
rows come back afterwards (serialized rollback, tests/conftest.py)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from action_plans.models import ActionPlan, ProgressUpdate, ReportingCycle, Submission
from cities.models import City

# What 0007_time builds on: migrating to it unapplies 0007_time and every migration after it.
BEFORE_TIME = ("action_plans", "0006_merge_0004_text_limits_0005_published_layer_data")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def demo_before_time(transactional_db):
    """The demo content, then the schema as it was before the time migrations."""
    with override_settings(
        DEMO_PASSWORD="a-demo-password-for-tests", PASSWORD_HASHERS=FAST_HASHERS
    ):
        call_command("seed_demo", force=True, verbosity=0)
    plans = ActionPlan.objects.count()
    updates = dict(
        ProgressUpdate.objects.filter(project__layer="working").values_list("pk", "year")
    )
    migrate([BEFORE_TIME])
    yield {"plans": plans, "updates": updates}
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(leaves)


@pytest.mark.migrations
def test_migrating_the_demo_data_forward_gives_periods_and_derived_cycles(demo_before_time):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "action_plans_reportingcycle" not in tables  # truly before time

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert ActionPlan.objects.count() == demo_before_time["plans"]
    assert set(ActionPlan.objects.values_list("period__code", flat=True)) == {"scap-2018-2025"}
    assert set(ReportingCycle.objects.values_list("year", "status")) == {
        (year, "closed") for year in range(2018, 2026)
    }
    for year in range(2018, 2026):
        members = set(City.objects.filter(joined_year__lte=year).values_list("slug", flat=True))
        rows = dict(Submission.objects.filter(cycle__year=year).values_list("city__slug", "status"))
        reported = set(
            ProgressUpdate.objects.filter(year=year, project__layer="working").values_list(
                "project__plan__city__slug", flat=True
            )
        )
        assert set(rows) == members, year
        assert {slug for slug, status in rows.items() if status == "accepted"} == reported, year
    kept = dict(ProgressUpdate.objects.filter(project__layer="working").values_list("pk", "year"))
    assert kept == demo_before_time["updates"]
