"""A list whose queryset is the same for every reader who sees no working copy keeps its
compiled SQL for them (core/api/rows.py, PreparedRows): the same answers as building the
queries each time, and the rows as they are now, not as they were when the SQL was kept."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from action_plans.api.projects import PublishedRowsMixin
from cities.api import CityViewSet
from core.api.base import PortalViewSet
from meetings.api import MeetingViewSet
from partners.api import PartnerViewSet
from tests import factories as f
from tests.api.conftest import publish
from tests.api.test_query_counts import grow

ROWS_LISTS = ["projects", "action-plans", "progress-updates"]
# Lists the policy gives every reader alike (`rows_same_for_everyone`).
PUBLIC_ROWS_LISTS = {"cities": CityViewSet, "partners": PartnerViewSet, "meetings": MeetingViewSet}
PAGES = [{"page_size": 2, "page": 1}, {"page_size": 2, "page": 2}, {"page_size": 200}, {}]


def pages(client, collection) -> list:
    return [client.get(f"/api/{collection}/", query).json() for query in PAGES]


@pytest.mark.parametrize("reader", ["anonymous", "partner-adb"])
@pytest.mark.parametrize("collection", ROWS_LISTS)
def test_the_kept_sql_answers_as_the_queries_built_each_time(
    world, api, monkeypatch, collection, reader
):
    grow(world, cities=3)
    client = api(world.personas[reader])
    kept = pages(client, collection)

    monkeypatch.setattr(PublishedRowsMixin, "shared_rows_key", lambda view: None)

    assert kept == pages(client, collection)
    assert kept[0]["count"] > 2 and kept[0]["next"] and kept[1]["results"]


@pytest.mark.parametrize("reader", ["anonymous", "asec"])
@pytest.mark.parametrize("collection", sorted(PUBLIC_ROWS_LISTS))
def test_a_public_list_answers_from_kept_sql_as_from_queries_built_each_time(
    world, api, monkeypatch, collection, reader
):
    grow(world, cities=3)
    client = api(world.personas[reader])
    kept = pages(client, collection)

    monkeypatch.setattr(PortalViewSet, "rows_same_for_everyone", False)
    for viewset in PUBLIC_ROWS_LISTS.values():
        monkeypatch.setattr(viewset, "rows_same_for_everyone", False)

    assert kept == pages(client, collection)
    assert kept[0]["results"]


@pytest.mark.parametrize("collection", sorted(PUBLIC_ROWS_LISTS))
def test_a_list_kept_for_everyone_is_one_the_policy_gives_everyone_alike(world, collection):
    """The SQL kept for `rows_same_for_everyone` is right only while the policy's queryset does
    not depend on the reader: every persona's must be the same."""
    viewset = PUBLIC_ROWS_LISTS[collection]
    assert viewset.rows_same_for_everyone
    readers = [None, *world.personas.values()]
    queries = set()
    for reader in readers:
        view = viewset()
        user = reader if reader is not None else AnonymousUser()
        view.request = SimpleNamespace(user=user)
        queries.add(str(view.get_queryset().query))
    assert len(queries) == 1


def test_only_public_lists_are_kept_for_everyone():
    kept = {
        viewset.__name__ for viewset in _subclasses(PortalViewSet) if viewset.rows_same_for_everyone
    }
    assert kept == {viewset.__name__ for viewset in PUBLIC_ROWS_LISTS.values()}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_kept_sql_reads_the_rows_of_now(world, api):
    client = api()
    before = client.get("/api/progress-updates/").json()["count"]
    plan = f.ActionPlanFactory(city=f.CityFactory(slug="hue"))
    project = f.ProjectFactory(plan=plan)
    publish(plan, world.personas["asec"])

    f.ProgressUpdateFactory(project=project, year=2024)

    assert client.get("/api/progress-updates/").json()["count"] == before + 1


@pytest.mark.parametrize("reader", ["anonymous", "asec"])
def test_a_filter_or_a_search_builds_its_queries(world, api, reader):
    client = api(world.personas[reader])
    client.get("/api/progress-updates/")

    listed = client.get("/api/progress-updates/", {"city": "bangkok"})
    found = client.get("/api/progress-updates/", {"search": "flood sensors"})

    assert listed.status_code == found.status_code == 200, found.content
    assert {update["city"] for update in listed.json()["results"]} <= {"bangkok"}
    assert {update["city"] for update in found.json()["results"]} <= {"bangkok"}


def test_a_reader_who_sees_drafts_gets_their_own_rows(world, api):
    api().get("/api/progress-updates/")  # kept for the public

    official = api(world.personas["official-da-nang"]).get("/api/progress-updates/").json()
    public = api().get("/api/progress-updates/").json()

    assert official["count"] > public["count"]
