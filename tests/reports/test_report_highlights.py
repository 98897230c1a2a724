"""ASEC picks the highlighted project per focus area and per city, with its story (issue 16,
point 1): saved with the narrative's versions, chosen from the year's published projects, the
story starting from the project's own text; the report tells it, else lists its own highlights."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from core import text_limits
from reports.annual import annexes, content
from reports.annual.annexes import city_annex
from reports.models import ReportHighlight, ReportNarrative
from reports.services import narrative_save
from tests import factories as f
from tests.reports.building import build_report

TEXTS = {
    "foreword": "The network grew.",
    "executive_summary": "Progress was steady.",
    "observations": "Cities should report on time.",
}
HOSTILE = '<script>alert("x")</script> =1+1 "quoted" \u200b'


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def network(da_nang, bangkok):
    """Two focus areas; Da Nang's transport project published, Bangkok's water project
    published, and a project of a plan never published."""
    transport = f.FocusAreaFactory(code="transport", name="Transport")
    water = f.FocusAreaFactory(code="water", name="Water")
    publisher = f.UserFactory(role="asec")
    plan = f.ActionPlanFactory(city=da_nang)
    bus = f.ProjectFactory(
        plan=plan,
        title="Bus rapid transit",
        summary="Faster buses across the city.",
        lead_agency="Department of Transport",
        focus_areas=[transport],
    )
    f.ProgressUpdateFactory(project=bus, year=2024, percent_complete=40, narrative="Lanes built.")
    f.publish_as_is(plan, publisher)
    unpublished = f.ActionPlanFactory(city=f.CityFactory(slug="unpublished-city"))
    draft = f.ProjectFactory(plan=unpublished, title="Not yet published", focus_areas=[transport])
    other = f.ActionPlanFactory(city=bangkok)
    canal = f.ProjectFactory(plan=other, title="Canal cleaning", focus_areas=[water])
    f.publish_as_is(other, publisher)
    return {"bus": bus, "draft": draft, "canal": canal}


def save(asec_user, **highlights):
    return narrative_save(year=2024, language="en", actor=asec_user, highlights=highlights, **TEXTS)


def test_a_pick_starts_from_the_projects_story_and_the_next_version_keeps_it(network, asec_user):
    save(asec_user, **{"area-transport": {"project": network["bus"].pk}})
    pick = ReportHighlight.objects.get()
    assert (pick.objective, pick.progress) == ("Faster buses across the city.", "Lanes built.")
    assert "Department of Transport" in pick.partners
    # A new version that changes only the text keeps the pick, with the story ASEC edited.
    save(asec_user, **{"area-transport": {"project": network["bus"].pk, "objective": "Edited."}})
    narrative_save(year=2024, language="en", actor=asec_user, **{**TEXTS, "foreword": "Again."})
    latest = ReportNarrative.objects.order_by("-version").first()
    assert latest.version == 3
    assert [h.objective for h in latest.highlights.all()] == ["Edited."]
    assert ReportHighlight.objects.count() == 3  # every version keeps its own picks


def test_the_report_tells_the_picked_story_and_falls_back_to_its_list(network, asec_user):
    network_content = content.network_content(2024)
    assert all(area["story"] is None for area in network_content["focus_areas"])
    assert network_content["focus_areas"][0]["highlights"]  # the fallback list
    save(
        asec_user,
        **{
            "area-transport": {"project": network["bus"].pk, "objective": "Edited."},
            f"city-{network['canal'].plan.city.slug}": {"project": network["canal"].pk},
        },
    )
    areas = {a["code"]: a for a in content.network_content(2024)["focus_areas"]}
    assert areas["transport"]["story"]["title"] == "Bus rapid transit"
    assert areas["transport"]["story"]["objective"] == "Edited."
    assert areas["water"]["story"] is None
    annex = city_annex(network["canal"].plan.city_id, 2024)
    assert annex["story"]["title"] == "Canal cleaning"
    assert city_annex(network["bus"].plan.city_id, 2024)["story"] is None


@pytest.mark.parametrize(
    ("place", "project", "field"),
    [
        ("area-transport", "draft", "area-transport-project"),  # not published
        ("area-water", "bus", "area-water-project"),  # not of that focus area
        ("city-bangkok", "bus", "city-bangkok-project"),  # not of that city
    ],
)
def test_a_bad_pick_is_an_error_of_its_field_and_nothing_is_saved(
    network, asec_user, place, project, field
):
    with pytest.raises(ValidationError) as refused:
        save(asec_user, **{place: {"project": network[project].pk}})
    assert "Choose one of this year's published projects" in str(refused.value.message_dict[field])
    assert not ReportNarrative.objects.exists() and not ReportHighlight.objects.exists()


def test_an_oversize_story_is_refused_with_its_limit(network, asec_user):
    too_long = "x" * (text_limits.SUMMARY + 1)
    with pytest.raises(ValidationError) as refused:
        save(asec_user, **{"area-transport": {"project": network["bus"].pk, "partners": too_long}})
    assert "at most 5000 characters" in str(refused.value.message_dict["area-transport-partners"])
    assert not ReportNarrative.objects.exists()


def test_only_asec_picks(network, da_nang_official):
    with pytest.raises(PermissionDenied):
        save(da_nang_official, **{"area-transport": {"project": network["bus"].pk}})


def test_the_page_offers_the_published_projects_and_saves_a_pick(network, asec_user, client_for):
    client = client_for(asec_user)
    page = client.get("/reports/narrative/2024/en/").content.decode()
    assert "Bus rapid transit" in page and "Canal cleaning" in page
    assert "Not yet published" not in page
    response = client.post(
        "/reports/narrative/2024/en/",
        {**TEXTS, "area-transport-project": network["bus"].pk, "area-transport-progress": "Half."},
    )
    assert response.status_code == 302
    pick = ReportHighlight.objects.get()
    assert (pick.focus_area, pick.progress) == ("transport", "Half.")
    page = client.get("/reports/narrative/2024/en/").content.decode()
    assert "Half." in page  # the story is there to edit


def test_the_page_keeps_what_was_typed_when_a_pick_is_bad(network, asec_user, client_for):
    response = client_for(asec_user).post(
        "/reports/narrative/2024/en/",
        {
            **TEXTS,
            "area-water-project": network["bus"].pk,
            "area-water-objective": "Typed story",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Typed story" in page and TEXTS["observations"] in page
    assert 'id="area-water-project-error"' in page
    assert not ReportNarrative.objects.exists()


def test_a_hostile_story_is_escaped_in_every_file(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    save(asec_user, **{"area-transport": {"project": network["bus"].pk, "objective": HOSTILE}})
    report = build_report(2024, asec_user, django_capture_on_commit_callbacks)
    html = report.html_file.read().decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)" in html
    data = json.loads(report.json_file.read())
    areas = {a["code"]: a for a in data["focus_areas"]}
    assert areas["transport"]["story"]["objective"] == HOSTILE  # data, not markup
    book = load_workbook(io.BytesIO(report.xlsx_file.read()))
    cells = [c.value for s in book for row in s.iter_rows() for c in row if c.value]
    story = [v for v in cells if isinstance(v, str) and "alert" in v]
    assert story and not any(v.startswith("=") for v in story)


def _grow(network, cities: int, start: int) -> None:
    """More member cities, each with a published transport project ASEC picks for its annex."""
    transport = network["bus"].focus_areas.get()
    for n in range(start, start + cities):
        plan = f.ActionPlanFactory(city=f.CityFactory(slug=f"grown-{n}"))
        f.ProjectFactory(plan=plan, title=f"Tram {n}", focus_areas=[transport])
        f.publish_as_is(plan, f.UserFactory(role="asec"))


def test_a_batch_of_city_annexes_is_each_citys_own_in_a_fixed_number_of_queries(network, asec_user):
    """The report job computes the annexes a batch of cities at a time: each city's the same as
    computed alone, with its picked story, in the same queries whatever the batch's size."""
    canal = network["canal"]
    save(asec_user, **{f"city-{canal.plan.city.slug}": {"project": canal.pk}})

    def batch():
        ids = annexes.annex_city_ids(2024)
        with CaptureQueriesContext(connection) as captured:
            computed = annexes.city_annexes(ids, 2024)
        return ids, computed, len(captured)

    _grow(network, 2, 0)
    ids, computed, few = batch()
    assert computed == {city_id: city_annex(city_id, 2024) for city_id in ids}
    assert computed[canal.plan.city_id]["story"]["title"] == "Canal cleaning"
    _grow(network, 6, 2)
    ids, computed, more = batch()
    assert (more, len(computed)) == (few, len(ids))


def test_the_narrative_page_runs_a_fixed_number_of_queries(network, asec_user, client_for):
    client = client_for(asec_user)
    save(asec_user, **{"area-transport": {"project": network["bus"].pk}})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reports/narrative/2024/en/").status_code == 200
        return len(captured)

    _grow(network, 2, 0)
    few = count()
    _grow(network, 8, 2)
    assert count() == few


def test_each_city_is_a_disclosure_that_names_its_pick(network, asec_user, client_for):
    """With 38 cities and more the page folds each city's highlight; the summary names the project
    chosen, and a city with a pick (or an error) is open."""
    import re

    client = client_for(asec_user)
    client.post("/reports/narrative/2024/en/", {**TEXTS, "city-da-nang-project": network["bus"].pk})
    page = client.get("/reports/narrative/2024/en/").content.decode()
    pattern = r'<details class="highlight-place"( open)?>\s*<summary>([^<]*)</summary>'
    summaries = {summary: bool(opened) for opened, summary in re.findall(pattern, page)}

    assert summaries == {
        "Da Nang: Bus rapid transit (Da Nang)": True,
        "Bangkok: none chosen": False,
    }
    assert 'name="city-bangkok-objective"' in page  # folded, still in the form
