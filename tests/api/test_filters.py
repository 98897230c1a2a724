"""Filters of SPEC §3 in the domain's words, search, ordering and pagination."""

import pytest

from tests import factories as f


def _slugs(response):
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def network(world, viet_nam, thailand):
    f.CityFactory(slug="hue", name="Hue", country=viet_nam, joined_year=2024)
    f.CityFactory(slug="phuket", name="Phuket", country=thailand, joined_year=2018)
    return world


def test_cities_filter_by_pilot(network, api):
    assert _slugs(api().get("/api/cities/?pilot=true")) == ["bangkok", "da-nang", "phuket"]
    assert _slugs(api().get("/api/cities/?pilot=false")) == ["hue"]


def test_cities_filter_by_joined_year_and_country_code(network, api):
    assert _slugs(api().get("/api/cities/?joined_year=2024")) == ["hue"]
    assert _slugs(api().get("/api/cities/?country=VN")) == ["da-nang", "hue"]
    assert _slugs(api().get("/api/cities/?country=vn&pilot=true")) == ["da-nang"]


def test_cities_filter_by_capital_and_search(network, api):
    assert _slugs(api().get("/api/cities/?is_capital=true")) == ["bangkok"]
    assert _slugs(api().get("/api/cities/?search=Đà")) == ["da-nang"]


def test_cities_filter_by_focus_area_of_the_projects_a_user_sees(network, api):
    assert _slugs(api().get("/api/cities/?focus_area=civic-social")) == ["bangkok"]
    assert _slugs(api().get("/api/cities/?focus_area=built-infrastructure")) == []
    official = api(network.personas["official-da-nang"])
    assert _slugs(official.get("/api/cities/?focus_area=built-infrastructure")) == ["da-nang"]


def test_cities_order_by_joined_year_descending(network, api):
    slugs = _slugs(api().get("/api/cities/?ordering=-joined_year,name"))

    assert slugs[0] == "hue"


def _titles(response):
    return [row["title"] for row in response.json()["results"]]


def test_projects_filter_by_city_country_focus_area_and_status(world, api):
    asec = api(world.personas["asec"])

    assert _titles(asec.get("/api/projects/?city=da-nang")) == ["Da Nang smart traffic"]
    assert _titles(asec.get("/api/projects/?country=TH")) == ["Bangkok flood sensors"]
    assert _titles(asec.get("/api/projects/?focus_area=civic-social")) == ["Bangkok flood sensors"]
    assert _titles(asec.get("/api/projects/?status=planning")) == ["Bangkok flood sensors"]
    assert _titles(asec.get("/api/projects/?stage=ongoing")) == ["Da Nang smart traffic"]


def test_projects_filter_by_year_and_seeking_partners(world, api):
    world.da_nang_project.seeking_partners = True
    world.da_nang_project.start_year = 2023
    world.da_nang_project.save()
    asec = api(world.personas["asec"])

    assert _titles(asec.get("/api/projects/?seeking_partners=true")) == ["Da Nang smart traffic"]
    assert _titles(asec.get("/api/projects/?year=2020")) == ["Bangkok flood sensors"]
    assert len(_titles(asec.get("/api/projects/?year=2024"))) == 2


def test_progress_updates_filter_by_year_and_status(world, api):
    world.da_nang_update.status = "delayed"
    world.da_nang_update.save()
    asec = api(world.personas["asec"])

    rows = asec.get("/api/progress-updates/?status=delayed&year=2024").json()["results"]

    assert [row["id"] for row in rows] == [world.da_nang_update.pk]
    assert rows[0]["percent_complete"] == 50


def test_partners_filter_by_kind_and_focus_area(world, api):
    f.PartnerFactory(slug="jica", name="JICA", kind="government")

    assert [p["slug"] for p in api().get("/api/partners/?kind=government").json()["results"]] == [
        "jica"
    ]
    focused = api().get("/api/partners/?focus_area=built-infrastructure").json()["results"]
    assert [p["slug"] for p in focused] == ["asian-development-bank"]


def test_twinnings_and_opportunities_filter_by_city(world, api):
    twinnings = api().get("/api/twinnings/?city=da-nang&country=VN").json()["results"]
    opportunities = api().get("/api/opportunities/?city=da-nang&status=open").json()["results"]

    assert [t["counterpart_city"] for t in twinnings] == ["Yokohama"]
    assert len(opportunities) == 2


def test_meetings_filter_by_kind_and_year(world, api):
    assert api().get("/api/meetings/?kind=annual&year=2018").json()["count"] == 1
    assert api().get("/api/meetings/?year=2019").json()["count"] == 0


def test_plans_filter_by_year_of_their_period(world, api):
    asec = api(world.personas["asec"])

    assert asec.get("/api/action-plans/?year=2020").json()["count"] == 2
    assert asec.get("/api/action-plans/?year=2030").json()["count"] == 0
    assert asec.get("/api/action-plans/?status=published").json()["count"] == 1


def test_lists_are_paginated_with_next_and_previous(world, api):
    for n in range(3):
        f.PartnerFactory(slug=f"partner-{n}")

    first = api().get("/api/partners/?page_size=2").json()
    second = api().get(first["next"]).json()

    assert first["count"] == 4
    assert first["previous"] is None
    assert len(first["results"]) == 2
    assert second["previous"] is not None
    assert second["next"] is None


@pytest.mark.parametrize("page_size", ["0", "201", "many", ""])
def test_page_size_is_a_number_from_1_to_200(world, api, page_size):
    response = api().get(f"/api/partners/?page_size={page_size}")

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_an_empty_filter_filters_nothing(world, api):
    assert api().get("/api/partners/?kind=&search=&country=").json()["count"] == 1
