"""Lists read from `.values()` rows (core/api/rows.py) say exactly what the serializer says of
each object: the same keys in the same order, the same values and types, the same nulls."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from action_plans.models import ActionPlan
from core.api.rows import RowPlan
from meetings.models import Decision, Document
from tests import factories as f
from tests.api.test_published_means_approved import revision  # noqa: F401 (a fixture)
from tests.api.test_query_counts import grow

# Each list read from rows, with the key its objects are looked up by.
ROWS_LISTS = [
    ("projects", "id"),
    ("action-plans", "id"),
    ("progress-updates", "id"),
    ("cities", "slug"),
    ("partners", "slug"),
    ("opportunities", "id"),
    ("meetings", "id"),
]
READERS = ["anonymous", "official-da-nang", "nr-vn", "asec", "partner-adb"]


@pytest.fixture
def rich(world, revision):  # noqa: F811 (the fixture imported above)
    """The world with a revision in progress, grown cities, funding sources (one of a partner,
    one in euros), and updates by people with and without names."""
    grow(world, cities=2)
    project = world.bangkok_project
    f.FundingSourceFactory(project=project, funder_kind="partner", partner=world.adb)
    f.FundingSourceFactory(project=project, amount=Decimal("12.5"), currency="EUR")
    project.budget_usd = None
    project.save(update_fields=["budget_usd"])
    f.ProgressUpdateFactory(project=project, year=2023, submitted_by=None)
    named = world.personas["official-bangkok"]
    named.first_name, named.last_name = "Somchai", "Jaidee"
    named.save()
    f.ProgressUpdateFactory(project=project, year=2022, submitted_by=named)
    # A meeting's documents with and without a file, its decisions owned by a city, a country
    # and ASEC.
    meeting = world.meeting
    Document.objects.create(
        meeting=meeting, title="Minutes", kind="minutes", date="2018-07-08", file="documents/m.pdf"
    )
    Document.objects.create(meeting=meeting, title="Agenda", kind="report", date="2018-07-01")
    Decision.objects.create(meeting=meeting, text="Host.", owner_city=project.plan.city)
    Decision.objects.create(
        meeting=meeting, text="Report.", owner_country=world.da_nang_plan.city.country
    )
    Decision.objects.create(
        meeting=meeting, text="Publish.", due_date="2019-01-01", owner_is_asec=True
    )
    return world


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("collection", "key"), ROWS_LISTS)
def test_a_list_read_from_rows_shows_each_object_as_its_detail_does(
    rich, api, collection, key, reader
):
    client = api(rich.personas[reader])
    listed = client.get(f"/api/{collection}/", {"page_size": 200})
    assert listed.status_code == 200, listed.content
    results = listed.json()["results"]
    assert len(results) == listed.json()["count"] > 1

    for item in results:
        detail = client.get(f"/api/{collection}/{item[key]}/")
        assert detail.status_code == 200, detail.content
        assert list(item.items()) == list(detail.json().items())


def test_the_cities_read_from_rows_name_their_country_in_the_language_asked(rich, api):
    """The country's name is translated (modeltranslation): the rows choose it as the model's
    field does, with the fallback to English where Vietnamese has none."""
    client = api()
    da_nang = rich.da_nang_plan.city
    viet_nam = da_nang.country
    viet_nam.name_vi = "Việt Nam"
    viet_nam.save()
    listed = client.get("/api/cities/", {"page_size": 200}, HTTP_ACCEPT_LANGUAGE="vi").json()
    names = {item["slug"]: item["country_name"] for item in listed["results"]}
    assert names[da_nang.slug] == "Việt Nam"
    for slug, name in names.items():
        detail = client.get(f"/api/cities/{slug}/", HTTP_ACCEPT_LANGUAGE="vi").json()
        assert detail["country_name"] == name


def test_the_meetings_read_from_rows_name_a_decision_owner_and_a_download_as_the_detail(rich, api):
    """A decision owned by a country is named in the language asked (the country's name is
    translated); a document's file is its absolute download address, built with the request."""
    viet_nam = rich.da_nang_plan.city.country
    viet_nam.name_vi = "Việt Nam"
    viet_nam.save()
    client = api()
    for language, name in (("vi", "Việt Nam"), ("en", viet_nam.name_en)):
        listed = client.get("/api/meetings/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
        meeting = next(item for item in listed if item["id"] == rich.meeting.pk)
        owners = [decision["owner"] for decision in meeting["decisions"]]
        assert sorted(owners) == sorted(["ASEC", name, rich.bangkok_project.plan.city.name])
        detail = client.get(f"/api/meetings/{rich.meeting.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert meeting == detail.json()
    files = {document["title"]: document["file"] for document in meeting["documents"]}
    document = Document.objects.get(title="Minutes")
    assert files == {
        "Minutes": f"http://testserver/documents/{document.pk}/download/",
        "Agenda": None,
    }


def test_the_rows_cover_what_matters(rich, api):
    """The comparison above sees funding sources, a plan revision in progress and submitters."""
    asec = api(rich.personas["asec"])
    projects = asec.get("/api/projects/", {"page_size": 200}).json()["results"]
    assert any(p["funding_sources"] and p["funding_gap_usd"] is None for p in projects)
    assert any(s["partner"] for p in projects for s in p["funding_sources"])
    plans = {p["id"]: p for p in api().get("/api/action-plans/").json()["results"]}
    working = ActionPlan.objects.get(pk=rich.da_nang_plan.pk)
    assert plans[working.pk]["revision"] != working.revision
    updates = asec.get("/api/progress-updates/", {"page_size": 200}).json()["results"]
    names = {u["submitted_by"] for u in updates}
    assert None in names and "Somchai Jaidee" in names


def test_a_field_the_rows_cannot_read_is_an_error_not_a_different_answer():
    class Unreadable(serializers.ModelSerializer):
        name = serializers.SerializerMethodField()

        class Meta:
            model = ActionPlan
            fields = ["id", "name"]

        def get_name(self, plan) -> str:
            return str(plan)

    with pytest.raises(ImproperlyConfigured, match="Unreadable.name"):
        RowPlan(Unreadable())
