"""Peer suggestions by what projects say (issue 18, point 2). Run on SQLite (the portable
token overlap) and on PostgreSQL (full-text ranking): the same fixture, the same answers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from action_plans import services as plan_services
from learning.peers import city_peers, project_peers, words
from tests.learning.conftest import case_study

pytestmark = pytest.mark.django_db


def titles(peers):
    return [peer.project.title for peer in peers]


def test_ha_noi_water_meters_are_suggested_for_da_nang_water_management(net):
    peers = project_peers(AnonymousUser(), net.water)
    assert titles(peers)[0] == "Smart Water Meters"
    best = peers[0]
    assert best.city.slug == "ha-noi"
    assert any("water" in reason for reason in best.reasons)
    assert any("completed" in reason for reason in best.reasons)


def test_water_meters_are_not_suggested_for_the_bus_corridor_despite_its_focus_area(net):
    peers = project_peers(AnonymousUser(), net.corridor)
    assert "Smart Water Meters" not in titles(peers)
    assert titles(peers) == ["Adaptive Traffic Signals"]
    assert any("bus" in reason for reason in peers[0].reasons)


def test_a_shared_focus_area_ranks_above_none_when_the_words_are_as_close(net, bangkok):
    from tests.learning.conftest import project

    plan = net.plans["bangkok"]
    twin = project(
        plan,
        "Water Meter Rollout",
        "Meters read remotely across the water network find leaks.",
        "completed",
        net.environment,
    )
    f_publish(plan, net.asec)
    peers = project_peers(AnonymousUser(), net.water)
    assert titles(peers)[:2] == [twin.title, "Smart Water Meters"]
    assert any("Quality Environment" in reason for reason in peers[0].reasons)


def f_publish(plan, asec):
    from tests import factories as f

    f.republish(plan)


def test_a_completed_peer_ranks_above_an_ongoing_one_saying_the_same(net, ha_noi):
    from tests.learning.conftest import project

    plan = net.plans["ha-noi"]
    project(
        plan,
        "Smart Water Meters II",
        "Meters read remotely across the water network find leaks and losses within a day.",
        "ongoing",
        net.infrastructure,
    )
    f_publish(plan, net.asec)
    peers = project_peers(AnonymousUser(), net.water)
    assert titles(peers)[:2] == ["Smart Water Meters", "Smart Water Meters II"]
    assert peers[0].score > peers[1].score


def test_a_published_case_study_brings_its_words_and_a_reason(net, ha_noi_official):
    case_study(
        net.signals,
        net.asec,
        status="published",
        publisher=net.asec,
        problem="Buses stuck at junctions; household water bills unpaid.",
    )
    peers = project_peers(AnonymousUser(), net.water)
    signals = next(peer for peer in peers if peer.project.title == "Adaptive Traffic Signals")
    assert any("case study" in reason for reason in signals.reasons)


def test_a_draft_case_study_brings_nothing_to_the_public(net):
    case_study(net.signals, net.asec, problem="Household water bills unpaid.")
    assert "Adaptive Traffic Signals" not in titles(project_peers(AnonymousUser(), net.water))


def test_a_project_only_in_a_working_copy_is_never_suggested_to_others(net, ha_noi_official):
    plan_services.project_create(
        plan=net.plans["ha-noi"],
        actor=ha_noi_official,
        data={
            "title": "Water Leak Drones",
            "summary": "Drones find water leaks.",
            "focus_areas": [net.infrastructure],
            "stage": "completed",
        },
    )
    for reader in (AnonymousUser(), net.personas["official-da-nang"]):
        assert "Water Leak Drones" not in titles(project_peers(reader, net.water))


def test_the_suggestions_are_what_the_reader_may_read(net):
    """Ha Noi's completed project as published, whoever asks from Da Nang."""
    peers = project_peers(net.personas["official-da-nang"], net.water)
    assert peers[0].project.layer == "published"


def test_the_city_start_page_gets_peers_for_its_active_projects(net):
    found = dict(city_peers(net.personas["official-da-nang"], net.water.plan.city))
    by_title = {project.title: titles(peers) for project, peers in found.items()}
    assert by_title["Smart Water Management"][0] == "Smart Water Meters"
    assert "Smart Water Meters" not in by_title["Bus Rapid Transit Corridor"]


def test_words_leave_out_what_every_smart_city_project_says():
    assert words("Smart City Water Meters platform for buses") == {"water", "meter", "bus"}


def test_the_api_gives_peers_with_project_city_score_and_reasons(net):
    from rest_framework.test import APIClient

    body = APIClient().get(f"/api/projects/{net.water.pk}/peers/").json()
    first = body["results"][0]
    assert first["project"] == net.meters.pk and first["city"] == "ha-noi"
    assert 0 < first["score"] <= 100 and first["reasons"]
    assert body["count"] == len(body["results"])


def test_peers_of_a_project_the_reader_cannot_see_are_a_404(net, da_nang_official):
    from rest_framework.test import APIClient

    from action_plans import services as plan_services

    hidden = plan_services.project_create(
        plan=net.plans["da-nang"],
        actor=da_nang_official,
        data={"title": "Water idea", "focus_areas": [net.environment], "stage": "planning"},
    )
    assert APIClient().get(f"/api/projects/{hidden.pk}/peers/").status_code == 404
    assert APIClient().get("/api/projects/999999/peers/").status_code == 404
