"""The project count and network progress of a scope are kept under the roll-up token the
database draws anew with every write of the tables they read (reports/selectors.py, `_rollup`):
the same figures as computing them, fresh after every write, one query a figure hit or miss."""

from decimal import Decimal

import pytest
from django.db import connection

from action_plans.models import ProgressUpdate, Project
from cities.models import City
from reports import selectors
from reports.selectors import Scope
from tests import factories as f

SCOPES = [
    Scope(year=2024),
    Scope(year=2023),
    Scope(year=2024, published_only=True),
    Scope(year=2024, country="VN"),
    Scope(year=2024, city="da-nang", published_only=True),
    Scope(year=2024, cities=("bangkok",)),
    Scope(year=2024, stage="planning"),
]


def figures() -> list:
    return [(selectors.project_count(s), selectors.network_progress(s)) for s in SCOPES]


def computed(monkeypatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(selectors, "_memoisable", lambda scope: False)
        return figures()


@pytest.fixture
def plans(da_nang, bangkok, asec_user):
    da_nang_plan = f.ActionPlanFactory(city=da_nang)
    for title, percent in (("P1", 60), ("P2", 20)):
        project = f.ProjectFactory(plan=da_nang_plan, title=title)
        f.ProgressUpdateFactory(project=project, year=2023, percent_complete=percent - 10)
        f.ProgressUpdateFactory(project=project, year=2024, percent_complete=percent)
    f.ProjectFactory(plan=da_nang_plan, title="P3", stage="planning")
    f.publish_as_is(da_nang_plan, asec_user)
    bangkok_plan = f.ActionPlanFactory(city=bangkok)
    f.ProgressUpdateFactory(project=f.ProjectFactory(plan=bangkok_plan), percent_complete=90)
    return da_nang_plan, bangkok_plan


def test_kept_figures_are_the_computed_ones_and_fresh_after_every_write(
    plans, asec_user, monkeypatch
):
    da_nang_plan, bangkok_plan = plans
    seen = [figures(), figures()]  # computed, then kept
    expected = [computed(monkeypatch)]
    assert seen[0][0] == (4, Decimal("56.7"))

    def changed(write) -> None:
        write()
        seen.append(figures())
        expected.append(computed(monkeypatch))

    p1, p3 = Project.objects.get(title="P1"), Project.objects.get(title="P3")
    changed(lambda: f.ProgressUpdateFactory(project=p3, year=2024, percent_complete=1))
    changed(
        lambda: ProgressUpdate.objects.filter(project=p1, year=2024).update(percent_complete=95)
    )
    changed(lambda: f.publish_as_is(bangkok_plan, asec_user))
    changed(lambda: Project.objects.filter(title="P3").update(stage="cancelled"))
    changed(lambda: ProgressUpdate.objects.filter(project__title="P2").delete())
    changed(lambda: City.objects.filter(slug="bangkok").update(joined_year=2025))

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE action_plans_progressupdate SET percent_complete = 33")

    changed(raw)

    assert seen[0] == seen[1] == expected[0]
    assert seen[2:] == expected[1:]
    assert len({tuple(row) for row in seen[1:]}) == len(seen) - 1  # every write changed some


@pytest.mark.parametrize("cities", [1, 4])
def test_one_query_a_figure_kept_or_not(plans, viet_nam, cities, django_assert_num_queries):
    for n in range(cities):
        plan = f.ActionPlanFactory(city=f.CityFactory(slug=f"more-{n}", country=viet_nam))
        f.ProgressUpdateFactory(project=f.ProjectFactory(plan=plan), percent_complete=n)
    scope = Scope(year=2024, country="VN")
    with django_assert_num_queries(2):  # computed
        first = (selectors.project_count(scope), selectors.network_progress(scope))
    with django_assert_num_queries(2):  # kept
        assert (selectors.project_count(scope), selectors.network_progress(scope)) == first
    assert first[0] == 3 + cities


def test_the_database_keeps_its_triggers(db):
    """A migration that rebuilds one of these tables on SQLite (Django copies it into a new
    table) would drop its triggers: this says so."""
    from action_plans.aggregates import ROLLUP_TABLES

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
        triggers = cursor.fetchall()
    tables = {table for table, name in triggers if name.startswith("rollup_token")}
    counting = {name for table, name in triggers if table == "action_plans_progressupdate"}
    assert tables == ROLLUP_TABLES
    assert {"public_updates_insert", "public_updates_update", "public_updates_delete"} <= counting
