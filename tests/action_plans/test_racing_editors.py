"""Two editors saving the same version at the same moment, each on its own database connection."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from accounts.models import Role
from tests import factories as f

# SQLite's in-memory test database answers a second writer thread with "table is locked" instead
# of making it wait as PostgreSQL does; CI runs this on PostgreSQL.
on_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="threads need a database that queues writers: PostgreSQL",
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officials_saving_the_plan_at_once_one_wins_the_other_sees_the_conflict_page():
    city = f.CityFactory(slug="da-nang", name="Da Nang")
    plan = f.ActionPlanFactory(city=city)
    editors = [
        f.UserFactory(username=name, role=Role.CITY_OFFICIAL, city=city)
        for name in ("editor-one", "editor-two")
    ]
    start = threading.Barrier(2)
    results = {}

    def save(user, vision):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            results[vision] = client.post(
                f"/plans/{plan.pk}/edit/", {"vision": vision, "version": plan.version}
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(user, vision))
        for user, vision in zip(editors, ("Vision A", "Vision B"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.status_code for r in results.values()) == [302, 409]
    winner = next(vision for vision, r in results.items() if r.status_code == 302)
    loser = next(r for r in results.values() if r.status_code == 409)
    assert winner in loser.content.decode()
    plan.refresh_from_db()
    assert (plan.vision, plan.version) == (winner, 2)
