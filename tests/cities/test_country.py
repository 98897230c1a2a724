import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.cities.network import build_network, publish

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_sees_the_country_page(client, da_nang, bangkok):
    f.AppointmentFactory(
        kind="national_rep",
        city=None,
        country=da_nang.country,
        person_name="Representative of Viet Nam",
    )
    da_nang.country.chair_years.create(year=2020)

    response = client.get(reverse("cities:country", args=["VN"]))

    assert response.status_code == 200
    profile = response.context["profile"]
    assert [city.name for city in profile.cities] == ["Da Nang"]
    assert [rep.person_name for rep in profile.national_reps] == ["Representative of Viet Nam"]
    assert profile.chair_years == [2020]
    html = response.content.decode()
    assert "ASEAN chair in 2020" in html
    assert re.findall(r'<a href="([^"]+)"><title>', html) == ["/cities/da-nang/"]  # the map


def test_an_unknown_country_is_404(client, da_nang):
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/countries/VNM/").status_code == 404


def test_a_lowercase_country_code_redirects_to_the_canonical_page(client, da_nang):
    response = client.get("/countries/vn/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/VN/"


def test_country_counts_published_projects_by_focus_area(client, da_nang, viet_nam):
    mobility = f.FocusAreaFactory(code="built-infrastructure", name="Built Infrastructure")
    health = f.FocusAreaFactory(code="health-well-being", name="Health", position=3)
    plan = publish(f.ActionPlanFactory(city=da_nang))
    f.ProjectFactory(plan=plan, focus_areas=[mobility, health])
    f.ProjectFactory(plan=plan, focus_areas=[mobility])
    ha_noi = f.CityFactory(slug="ha-noi", name="Ha Noi", country=viet_nam, is_capital=True)
    f.ProjectFactory(plan=f.ActionPlanFactory(city=ha_noi), focus_areas=[health])  # a draft

    profile = client.get("/countries/VN/").context["profile"]

    assert [(a.name, a.project_count) for a in profile.focus_areas] == [
        ("Built Infrastructure", 2),
        ("Health", 1),
    ]
    assert profile.project_count == 2


def test_a_country_without_cities_says_so(client):
    f.CountryFactory(code="TL", name="Timor-Leste", asean_member_since=2025)
    response = client.get("/countries/TL/")
    assert response.status_code == 200
    assert "No city of Timor-Leste has joined the network yet." in response.content.decode()


@pytest.mark.parametrize(("cities", "projects"), [(3, 2), (12, 6)])
def test_country_page_runs_the_same_queries_whatever_the_size(
    client, django_assert_max_num_queries, cities, projects
):
    build_network(cities=cities, projects_per_city=projects)
    # Demo marker, country, cities, their plans, national reps, chair years, focus areas,
    # progress.
    with django_assert_max_num_queries(10):
        response = client.get("/countries/VN/")
    assert len(response.context["profile"].cities) == len(range(0, cities, 3))
