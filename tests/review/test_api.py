"""The review's API (issue 15 point 6): the flags a user may see with their filters, the schema,
and flat query counts for the new lists and pages at two data sizes."""

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans import services as plan_services
from review import services
from review.models import Flag, Query
from tests import factories as f
from tests.review.test_queries import api

_serial = itertools.count()


def test_flags_list_what_the_user_may_see_with_rule_object_message_answer_resolved(
    report, da_nang_csco, asec_user
):
    flag = Flag.objects.get()
    services.flag_answer(flag=flag, actor=da_nang_csco, link="https://example.org/minutes")

    rows = api(asec_user).get("/api/flags/?year=2025&city=da-nang&rule=jump&resolved=true").json()

    assert rows["results"] == [
        {
            "id": flag.pk,
            "year": 2025,
            "city": "da-nang",
            "project": report.project.pk,
            "rule": "jump",
            "object": {"type": "progress_update", "id": report.update.pk},
            "message": "Percent complete jumped from 27 % in 2024 to 100 % (more than 40 points).",
            "answer": {
                "text": "",
                "file": None,
                "link": "https://example.org/minutes",
                "answered_at": rows["results"][0]["answer"]["answered_at"],
            },
            "resolved": True,
        }
    ]
    assert api(asec_user).get("/api/flags/?resolved=false").json()["results"] == []


@pytest.mark.parametrize(
    "query",
    ["year=abc", "rule=nonsense", "resolved=maybe", "city=" + "x" * 81],
)
def test_bad_flag_filters_are_a_400_naming_the_field(report, asec_user, query):
    response = api(asec_user).get(f"/api/flags/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_schema_documents_the_review_endpoints(client, db):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    assert {"get"} <= set(paths["/api/flags/"])
    assert {"get", "post"} <= set(paths["/api/queries/"])
    assert "post" in paths["/api/queries/{id}/messages/"]
    assert "post" in paths["/api/queries/{id}/resolve/"]
    assert {p["name"] for p in paths["/api/changes/"]["get"]["parameters"]} >= {"year", "city"}


def grow(asec, plan_country, *, cities: int) -> None:
    """More cities, each with a flagged update, an open query and a value."""
    for _ in range(cities):
        n = next(_serial)
        city = f.CityFactory(slug=f"grown-{n}", country=plan_country)
        official = f.UserFactory(username=f"official-{n}", role="city_official", city=city)
        plan = f.ActionPlanFactory(city=city)
        project = f.ProjectFactory(plan=plan)
        f.ProgressUpdateFactory(project=project, year=2024, percent_complete=10)
        update = plan_services.progress_update_save(
            project=project,
            actor=official,
            year=2025,
            data={"percent_complete": 90, "status": "on_track", "narrative": "x"},
            version=None,
        )
        indicator = f.IndicatorFactory(project=project)
        plan_services.indicator_value_set(
            indicator=indicator, actor=official, year=2025, value=Decimal("500")
        )
        services.query_open(
            actor=asec, object_type="progress_update", object_id=update.pk, message="Why?"
        )


def count_queries(fetch) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/api/flags/", "/api/queries/", "/api/changes/?year=2025", "/review/changes/?year=2025"]
)
def test_review_lists_run_a_fixed_number_of_queries_at_two_sizes(
    report, asec_user, viet_nam, client, url
):
    client.force_login(asec_user)
    token_client = api(asec_user)
    fetch = (
        (lambda: client.get(url)) if url.startswith("/review/") else (lambda: token_client.get(url))
    )
    grow(asec_user, viet_nam, cities=1)
    fetch()  # warm caches (vocabularies, sessions)
    small = count_queries(fetch)
    grow(asec_user, viet_nam, cities=4)
    large = count_queries(fetch)

    assert Query.objects.count() == 5
    assert large == small


def test_the_review_page_of_a_submission_runs_a_fixed_number_of_queries(
    report, asec_user, client, viet_nam
):
    client.force_login(asec_user)
    url = f"/review/submissions/{report.submission.pk}/"
    services.query_open(
        actor=asec_user, object_type="project", object_id=report.project.pk, message="First"
    )
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for n in range(3):
        services.query_open(
            actor=asec_user, object_type="project", object_id=report.project.pk, message=f"Q{n}"
        )
    assert count_queries(lambda: client.get(url)) == small
