"""Frozen yearly snapshots (issue 15 point 4) and what changed since last year (point 5), checked
against a hand-built two-year fixture: Da Nang and Bangkok report 2024; in 2025 Da Nang's
projects move in every way the list knows and Bangkok does not report."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from action_plans import services as plan_services
from action_plans.models import IndicatorValue, Project
from action_plans.services import cycles
from cities.models import City
from reports.annual import listings
from reports.selectors import Scope
from review import services
from review.changes import city_changes
from review.models import Amendment, Snapshot
from review.selectors import changes_of
from tests import factories as f
from tests.api.conftest import publish
from tests.review.test_queries import api

FAR = datetime.date(2099, 3, 31)


def open_cycle(year):
    cycle = f.ReportingCycleFactory(year=year, status="open", deadline=FAR)
    cycles.submissions_ensure(cycle=cycle)
    return cycle


def close(cycle, asec):
    return cycles.cycle_close(cycle=cycle, actor=asec, confirm=True)


def update(project, year, percent, status="on_track"):
    return f.ProgressUpdateFactory(
        project=project, year=year, percent_complete=percent, status=status
    )


@pytest.fixture
def two_years(da_nang_plan, bangkok_plan, asec_user):
    """2024 closed (frozen), 2025 open with its changes."""
    p = {
        "traffic": f.ProjectFactory(plan=da_nang_plan, title="Traffic", end_year=2025),
        "sensors": f.ProjectFactory(plan=da_nang_plan, title="Flood sensors"),
        "lanes": f.ProjectFactory(plan=da_nang_plan, title="Bus lanes"),
        "kiosks": f.ProjectFactory(
            plan=da_nang_plan, title="Kiosks", stage="planning", end_year=2025
        ),
        "canals": f.ProjectFactory(plan=bangkok_plan, title="Canals"),
    }
    signals = f.IndicatorFactory(
        project=p["traffic"],
        name="Signals",
        baseline_value=Decimal("10"),
        target_value=Decimal("80"),
    )
    cycle_2024 = open_cycle(2024)
    for name, percent in (
        ("traffic", 40),
        ("sensors", 60),
        ("lanes", 20),
        ("kiosks", 0),
        ("canals", 30),
    ):
        update(p[name], 2024, percent)
    IndicatorValue.objects.create(indicator=signals, year=2024, value=Decimal("50"))
    close(cycle_2024, asec_user)

    cycle_2025 = open_cycle(2025)
    update(p["traffic"], 2025, 70)
    IndicatorValue.objects.create(indicator=signals, year=2025, value=Decimal("85"))
    Project.objects.filter(pk=p["sensors"].pk).update(stage="completed")
    update(p["sensors"], 2025, 100, "completed")
    Project.objects.filter(pk=p["lanes"].pk).update(stage="cancelled")
    update(p["lanes"], 2025, 20, "cancelled")
    Project.objects.filter(pk=p["kiosks"].pk).update(stage="ongoing", end_year=2027)
    update(p["kiosks"], 2025, 10)
    p["permits"] = f.ProjectFactory(plan=da_nang_plan, title="E-permits")
    update(p["permits"], 2025, 5)
    p["cycle"], p["signals"] = cycle_2025, signals
    return p


def listed(cities_qs, year):
    return [
        (c["city"], c["kind"], c["title"], c["indicator"], c["before"], c["after"])
        for c in changes_of(cities_qs, year)
    ]


EXPECTED_2025 = [
    ("bangkok", "not_reported", "", "", None, None),
    ("da-nang", "progress", "Traffic", "", 40, 70),
    ("da-nang", "target_reached", "Traffic", "Signals", "50", "85"),
    ("da-nang", "completed", "Flood sensors", "", "ongoing", "completed"),
    ("da-nang", "progress", "Flood sensors", "", 60, 100),
    ("da-nang", "cancelled", "Bus lanes", "", "ongoing", "cancelled"),
    ("da-nang", "stage", "Kiosks", "", "planning", "ongoing"),
    ("da-nang", "progress", "Kiosks", "", 0, 10),
    ("da-nang", "slipped", "Kiosks", "", 2025, 2027),
    ("da-nang", "new", "E-permits", "", None, "ongoing"),
]


def cities():
    return City.objects.order_by("name")


def test_what_changed_matches_the_hand_built_fixture_live_against_last_years_snapshot(two_years):
    assert listed(cities(), 2025) == EXPECTED_2025


def test_closing_a_cycle_freezes_each_citys_year(two_years, asec_user):
    close(two_years["cycle"], asec_user)

    frozen = Snapshot.objects.get(cycle__year=2025, city__slug="da-nang").data
    traffic = frozen["projects"][str(two_years["traffic"].pk)]
    assert (
        traffic["percent"],
        traffic["stage"],
        traffic["indicators"][str(two_years["signals"].pk)]["value"],
    ) == (70, "ongoing", "85")
    assert Snapshot.objects.get(cycle__year=2025, city__slug="bangkok").data["reported"] is False
    assert listed(cities(), 2025) == EXPECTED_2025


def test_editing_after_the_close_changes_nothing_in_the_closed_year(
    two_years, asec_user, da_nang_official
):
    close(two_years["cycle"], asec_user)
    Project.objects.filter(pk=two_years["sensors"].pk).update(stage="ongoing", end_year=2030)
    plan_services.indicator_value_set(
        indicator=two_years["signals"], actor=da_nang_official, year=2025, value=Decimal("40")
    )
    with pytest.raises(ValidationError):
        plan_services.progress_update_save(
            project=two_years["traffic"],
            actor=da_nang_official,
            year=2025,
            data={"percent_complete": 99},
            version=1,
        )

    assert listed(cities(), 2025) == EXPECTED_2025
    close_again = Snapshot.objects.filter(cycle__year=2025)
    assert close_again.count() == 2


def test_a_correction_after_the_close_is_a_recorded_amendment(
    two_years, asec_user, da_nang_official
):
    close(two_years["cycle"], asec_user)
    snapshot = Snapshot.objects.get(cycle__year=2025, city__slug="da-nang")
    key = str(two_years["traffic"].pk)

    with pytest.raises(PermissionDenied):
        services.snapshot_amend(
            snapshot=snapshot,
            actor=da_nang_official,
            project_key=key,
            field="percent",
            value=75,
            reason="Typo",
        )
    with pytest.raises(ValidationError):
        services.snapshot_amend(
            snapshot=snapshot,
            actor=asec_user,
            project_key=key,
            field="percent",
            value=75,
            reason=" ",
        )
    services.snapshot_amend(
        snapshot=snapshot,
        actor=asec_user,
        project_key=key,
        field="percent",
        value=75,
        reason="The city's typo, confirmed by letter.",
    )

    amendment = Amendment.objects.get()
    assert (amendment.before, amendment.after, amendment.actor) == (40 + 30, 75, asec_user)
    assert ("da-nang", "progress", "Traffic", "", 40, 75) in listed(cities(), 2025)


def test_a_city_sees_its_own_changes_only_through_the_api(two_years, da_nang_official, client):
    body = api(da_nang_official).get("/api/changes/?year=2025").json()

    assert body["year"] == 2025 and body["compared_with"] == 2024
    assert {row["city"] for row in body["results"]} == {"da-nang"}
    assert len(body["results"]) == 9
    assert api().get("/api/changes/?year=2025").json()["results"] == []
    assert api(da_nang_official).get("/api/changes/?year=abc").status_code == 400


def test_the_changes_page_shows_the_list_and_the_data_quality_table(two_years, asec_user, client):
    client.force_login(asec_user)

    page = client.get("/review/changes/?year=2025").content.decode()

    assert "What changed in 2025 since 2024" in page
    assert "E-permits" in page and "Did not report" in page
    assert "Data quality" in page


def test_the_city_and_network_dashboards_show_what_changed(
    two_years, asec_user, da_nang_official, client
):
    client.force_login(asec_user)
    network = client.get("/dashboard/?year=2025").content.decode()
    assert "What changed in 2025 since 2024" in network
    assert "E-permits" in network and "Did not report" in network

    client.force_login(da_nang_official)
    city = client.get("/dashboard/cities/da-nang/?year=2025").content.decode()
    assert "E-permits" in city and "Did not report" not in city


def test_the_annual_report_lists_what_changed_for_published_projects_only(two_years, asec_user):
    close(two_years["cycle"], asec_user)
    publish(two_years["traffic"].plan, asec_user)
    quality = listings.data_quality(Scope(year=2025, published_only=True))

    rows = quality["changes"]["rows"]
    assert ["Bangkok", "Did not report", "", "", "", ""] in rows
    assert ["Da Nang", "Progress", "Traffic", "", 40, 70] in rows
    assert ["Da Nang", "Completed", "Flood sensors", "", "Ongoing", "Completed"] in rows
    assert quality["plausibility_flags"]["headers"] == [
        "Flag",
        "Raised",
        "Explained",
        "Not explained",
    ]


def test_an_update_that_says_completed_counts_as_completed_before_the_stage_is_changed():
    then = {"title": "Traffic", "stage": "ongoing", "status": "on_track", "percent": 60}
    now = {**then, "status": "completed", "percent": 100}
    before = {"reported": True, "projects": {"7": {**then, "end_year": 2025, "indicators": {}}}}
    after = {"reported": True, "projects": {"7": {**now, "end_year": 2025, "indicators": {}}}}

    kinds = [(c.kind, c.before, c.after) for c in city_changes(1, before, after)]
    assert kinds == [("completed", "ongoing", "completed"), ("progress", 60, 100)]


def test_closed_cycles_without_snapshots_are_frozen_once_by_the_command(two_years, asec_user):
    close(two_years["cycle"], asec_user)
    Snapshot.objects.filter(cycle__year=2025).delete()  # as if closed before the review existed

    call_command("freeze_snapshots", stdout=StringIO())
    frozen = {s.city_id: s.data for s in Snapshot.objects.filter(cycle__year=2025)}
    call_command("freeze_snapshots", stdout=StringIO())

    assert len(frozen) == 2
    assert {s.city_id: s.data for s in Snapshot.objects.filter(cycle__year=2025)} == frozen


def test_the_admin_shows_the_reviews_records_and_changes_none(two_years, asec_user, client, report):
    """Flags, queries, snapshots and amendments in the admin: to look up, never to change (the
    review's services are the one write path)."""
    from review.models import Flag

    close(two_years["cycle"], asec_user)
    snapshot = Snapshot.objects.get(cycle__year=2025, city__slug="da-nang")
    services.snapshot_amend(
        snapshot=snapshot,
        actor=asec_user,
        project_key=str(two_years["traffic"].pk),
        field="percent",
        value=75,
        reason="<script>alert(1)</script> confirmed by letter",
    )
    administrator = f.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(administrator)

    for model, obj in (("flag", Flag.objects.first()), ("snapshot", snapshot)):
        assert client.get(f"/admin/review/{model}/").status_code == 200
        page = client.get(f"/admin/review/{model}/{obj.pk}/change/")
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.content.decode()
        assert client.get(f"/admin/review/{model}/add/").status_code == 403
        assert (
            client.post(f"/admin/review/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
    assert client.get("/admin/review/query/").status_code == 200
    assert Amendment.objects.count() == 1 and Snapshot.objects.filter(pk=snapshot.pk).exists()
