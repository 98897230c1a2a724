"""Optimistic concurrency (SPEC §3): a write based on a stale `version` is a 409 carrying the
current state, and nothing is overwritten."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from action_plans.models import Project
from tests import factories as f


def test_stale_write_gets_409_with_the_current_state_and_overwrites_nothing(world, api):
    official, csco = api(world.personas["official-da-nang"]), api(world.personas["csco-da-nang"])
    url = f"/api/projects/{world.da_nang_project.pk}/"
    seen_by_both = official.get(url).json()["version"]

    first = official.patch(
        url, {"title": "Adaptive signals", "version": seen_by_both}, format="json"
    )
    second = csco.patch(url, {"summary": "Stale edit.", "version": seen_by_both}, format="json")

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["current"]["title"] == "Adaptive signals"
    assert second.json()["current"]["version"] == seen_by_both + 1
    project = Project.objects.get(pk=world.da_nang_project.pk)
    assert project.summary != "Stale edit."
    assert project.version == seen_by_both + 1


def test_stale_plan_edit_is_a_conflict(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/action-plans/{world.da_nang_plan.pk}/"
    client.patch(url, {"vision": "First.", "version": 1}, format="json")

    response = client.patch(url, {"vision": "Second.", "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current"]["vision"] == "First."


def test_stale_progress_update_is_a_conflict(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/progress-updates/{world.da_nang_update.pk}/"
    client.patch(url, {"percent_complete": 60, "version": 1}, format="json")

    response = client.patch(url, {"percent_complete": 55, "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current"]["percent_complete"] == 60


def test_put_must_carry_the_version(world, api):
    response = api(world.personas["official-da-nang"]).put(
        f"/api/milestones/{world.da_nang_milestone.pk}/",
        {"title": "No version", "due_date": "2025-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"version": ["Send the version of the object you edited."]}


# SQLite's in-memory test database answers a second writer thread with "table is locked" instead
# of making it wait as PostgreSQL (and a file SQLite database) do; CI runs on PostgreSQL.
on_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="threads need a database that queues writers: PostgreSQL",
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clients_racing_on_the_same_version_one_wins_one_gets_409():
    """Two threads, two database connections, the same version: exactly one write lands."""
    city = f.CityFactory(slug="da-nang", name="Da Nang")
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=city), title="Race")
    users = [
        f.UserFactory(username=name, role=f.Role.CITY_OFFICIAL, city=city)
        for name in ("racer-one", "racer-two")
    ]
    tokens = [Token.objects.create(user=user).key for user in users]
    start = threading.Barrier(2)
    results = {}

    def edit(token, summary):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        start.wait()
        try:
            results[summary] = client.patch(
                f"/api/projects/{project.pk}/", {"summary": summary, "version": 1}, format="json"
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=(t, s)) for t, s in zip(tokens, "AB", strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(response.status_code for response in results.values())
    assert statuses == [200, 409], {k: r.content for k, r in results.items()}
    winner = next(k for k, r in results.items() if r.status_code == 200)
    loser = results["B" if winner == "A" else "A"]
    assert loser.json()["current"]["summary"] == winner
    project.refresh_from_db()
    assert (project.summary, project.version) == (winner, 2)
