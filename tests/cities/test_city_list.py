import pytest
from django.urls import reverse

from tests import factories as f
from tests.cities.network import build_network, publish

pytestmark = pytest.mark.django_db


def city_names(response):
    return [city.name for city in response.context["cities"]]


@pytest.fixture
def chiang_mai(thailand):
    return f.CityFactory(
        slug="chiang-mai",
        name="Chiang Mai",
        local_name="เชียงใหม่",
        country=thailand,
        joined_year=2023,
        latitude="18.79",
        longitude="98.98",
    )


def test_anonymous_visitor_sees_every_member_city(client, da_nang, bangkok, chiang_mai):
    response = client.get(reverse("cities:list"))
    assert response.status_code == 200
    assert city_names(response) == ["Bangkok", "Chiang Mai", "Da Nang"]
    assert "Đà Nẵng" in response.content.decode()


def test_city_list_filters_by_country_code(client, da_nang, bangkok, chiang_mai):
    response = client.get(reverse("cities:list"), {"country": "TH"})
    assert city_names(response) == ["Bangkok", "Chiang Mai"]


def test_city_list_filters_pilots_and_later_members(client, da_nang, bangkok, chiang_mai):
    assert city_names(client.get("/cities/?pilot=true")) == ["Bangkok", "Da Nang"]
    assert city_names(client.get("/cities/?pilot=false")) == ["Chiang Mai"]
    assert city_names(client.get("/cities/?country=TH&pilot=false")) == ["Chiang Mai"]


def test_city_list_filters_by_focus_area_of_published_projects(client, da_nang, bangkok):
    mobility = f.FocusAreaFactory(code="built-infrastructure")
    f.ProjectFactory(plan=publish(f.ActionPlanFactory(city=da_nang)), focus_areas=[mobility])
    f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok), focus_areas=[mobility])  # a draft
    response = client.get("/cities/", {"focus_area": "built-infrastructure"})
    assert city_names(response) == ["Da Nang"]


def test_an_unknown_filter_value_is_reported_next_to_its_field_and_ignored(
    client, da_nang, bangkok
):
    response = client.get("/cities/", {"country": "XX", "pilot": "true"})
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert city_names(response) == ["Bangkok", "Da Nang"]
    assert 'class="errorlist"' in response.content.decode()


def test_public_sees_project_counts_and_status_of_published_plans_only(client, da_nang, bangkok):
    f.ProjectFactory.create_batch(2, plan=publish(f.ActionPlanFactory(city=da_nang)))
    f.ProjectFactory.create_batch(3, plan=f.ActionPlanFactory(city=bangkok))
    rows = {city.name: city for city in client.get("/cities/").context["cities"]}
    assert (rows["Da Nang"].project_count, rows["Da Nang"].plan_status) == (2, "published")
    assert (rows["Bangkok"].project_count, rows["Bangkok"].has_plan) == (0, False)


def test_bangkok_official_sees_the_draft_status_of_their_own_plan(
    client_for, bangkok_official, bangkok
):
    f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok))
    rows = {c.name: c for c in client_for(bangkok_official).get("/cities/").context["cities"]}
    assert (rows["Bangkok"].project_count, rows["Bangkok"].plan_status) == (1, "draft")


@pytest.mark.parametrize(("cities", "projects"), [(3, 2), (12, 6)])
def test_city_list_runs_the_same_queries_whatever_the_size(
    client, django_assert_max_num_queries, cities, projects
):
    build_network(cities=cities, projects_per_city=projects)
    # Demo marker, country and focus area choices, the count of cities, a page of cities with
    # their latest plan's status; plus the filter's country.
    with django_assert_max_num_queries(6):
        response = client.get("/cities/", {"country": "VN", "pilot": "true"})
    assert response.status_code == 200
    with django_assert_max_num_queries(5):
        assert len(client.get("/cities/").context["cities"]) == cities


def test_city_list_is_paged_by_fifty_with_the_filters_kept(client, viet_nam):
    for n in range(55):
        f.CityFactory(slug=f"town-{n:02}", name=f"Town {n:02}", country=viet_nam)
    first = client.get("/cities/", {"country": "VN"})
    assert len(first.context["cities"]) == 50
    assert "55 cities" in first.content.decode()
    assert "?country=VN&amp;page=2" in first.content.decode()
    second = client.get("/cities/", {"country": "VN", "page": "2"})
    assert city_names(second) == [f"Town {n}" for n in range(50, 55)]
    assert 'href="/cities/town-54/"' in second.content.decode()
