"""The role × action matrix (SPEC §1): every URL of the site, every persona, Da Nang's and
Bangkok's data.

URLs are discovered from the URL resolver, so a new URL cannot escape: one missing from
tests/matrix/expectations/ fails `test_every_url_of_the_site_is_in_the_matrix`. Each write URL is
then POSTed by each persona against each city's objects and the outcome compared with the table.
The admin, the language switcher, static/media files and the API (tested on its own) are out.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from tests.matrix.expectations import EXPECTATIONS
from tests.matrix.spec import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PERSONAS,
    ReadOnly,
    World,
)

EXCLUDED_PREFIXES = ("admin/", "i18n/", "api/", "static/", "media/")
WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def discover(patterns=None, prefix="", namespace=""):
    """(route, "namespace:name") of every URL pattern, depth first."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from discover(pattern.url_patterns, route, inner)
        else:
            yield route, f"{namespace}{pattern.name}" if pattern.name else None


def site_urls() -> dict[str, str]:
    return {
        name or f"<unnamed {route}>": route
        for route, name in discover()
        if not route.startswith(EXCLUDED_PREFIXES)
    }


def _scenarios(spec):
    return spec if isinstance(spec, list) else [spec]


def write_cases():
    for name, spec in EXPECTATIONS.items():
        for scenario in _scenarios(spec):
            if isinstance(scenario, ReadOnly):
                continue
            for city in scenario.cities:
                for persona in PERSONAS:
                    case = "-".join(str(x) for x in (name, scenario.label, city, persona) if x)
                    yield pytest.param(name, scenario, city, persona, id=case)


def read_only_cases():
    for name, spec in EXPECTATIONS.items():
        for scenario in _scenarios(spec):
            if isinstance(scenario, ReadOnly):
                yield pytest.param(name, scenario, id=name)


def client_as(user) -> Client:
    client = Client()
    if not isinstance(user, AnonymousUser):
        client.force_login(user)
    return client


def outcome_of(response) -> str:
    status = response.status_code
    if status in (301, 302, 303) and urlparse(response["Location"]).path == reverse("login"):
        return LOGIN
    return {403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(
        status, OK if status < 400 else f"HTTP {status}"
    )


def test_every_url_of_the_site_is_in_the_matrix():
    urls = site_urls()
    missing = sorted(name for name in urls if name not in EXPECTATIONS)
    assert not missing, (
        "These URLs have no expected outcomes in the permission matrix; add them to a module "
        f"of tests/matrix/expectations/: {', '.join(missing)}"
    )


def test_the_matrix_lists_no_url_that_is_gone():
    stale = sorted(set(EXPECTATIONS) - set(site_urls()))
    assert not stale, f"The matrix lists URLs the site no longer has: {', '.join(stale)}"


def test_every_write_case_names_every_persona():
    for name, spec in EXPECTATIONS.items():
        for scenario in _scenarios(spec):
            for city, table in getattr(scenario, "expect", {}).items():
                assert set(table) == set(PERSONAS), (name, scenario.label, city)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "scenario", "city", "persona"), list(write_cases()))
def test_write_url_outcome(name, scenario, city, persona, request):
    world = World(request)
    target = scenario.setup(world, city)
    url = reverse(name, kwargs=scenario.kwargs(target))
    user = world.persona(persona)

    response = client_as(user).post(url, scenario.data(target))

    expected = scenario.expect[city][persona]
    assert outcome_of(response) == expected, f"{persona} POST {url}"
    if scenario.changed is not None:
        assert scenario.changed(target) == (expected == OK), f"{persona} POST {url} changed data"


def database_writes(queries) -> list[str]:
    """Statements that change data, leaving out the session store every request may touch."""
    return [
        q["sql"] for q in queries if WRITE_SQL.match(q["sql"]) and "django_session" not in q["sql"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "scenario"), list(read_only_cases()))
def test_read_only_url_changes_nothing_on_post(name, scenario, request):
    world = World(request)
    url = reverse(name, kwargs=scenario.kwargs(scenario.setup(world, "da-nang")))
    client = client_as(world.persona("asec"))

    assert client.get(url).status_code < 500, f"GET {url}"
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url)
    assert response.status_code < 500, f"POST {url}"
    writes = database_writes(captured)
    assert not writes, (
        f"{name} is listed as read-only but a POST wrote to the database ({writes[0][:80]}…): "
        "list it as a Write in tests/matrix/expectations/."
    )
