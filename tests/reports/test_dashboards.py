import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from action_plans.models import ActionPlan, ReportingCycle
from action_plans.services import cycles
from review.models import Snapshot
from review.selectors import frozen_publications
from tests import factories as f
from tests.api.conftest import publish


def build_network(country, cities: int, projects: int, prefix: str):
    infra = f.FocusAreaFactory(code="built-infrastructure")
    for i in range(cities):
        city = f.CityFactory(slug=f"{prefix}-{i}", country=country)
        plan = f.ActionPlanFactory(city=city)
        for j in range(projects):
            project = f.ProjectFactory(plan=plan, title=f"{prefix} {i}.{j}", focus_areas=[infra])
            f.ProgressUpdateFactory(project=project, year=2024, percent_complete=10 * j)
            f.MilestoneFactory(project=project)
            f.IndicatorFactory(project=project)


@pytest.fixture
def small_network(viet_nam, da_nang, bangkok):
    build_network(viet_nam, cities=2, projects=2, prefix="vn")


def test_asec_sees_the_network_dashboard_with_its_exhibits(small_network, asec_user, client_for):
    response = client_for(asec_user).get("/dashboard/?year=2024")
    assert response.status_code == 200
    body = response.content.decode()
    for exhibit in ("exhibit-1", "exhibit-2", "exhibit-3", "progress-trend", "heat-map"):
        assert f'id="{exhibit}"' in body


def test_national_representative_is_sent_to_their_country(viet_nam_rep, client_for):
    response = client_for(viet_nam_rep).get("/dashboard/")
    assert response.status_code == 302
    assert response.url == reverse("reports:country", args=["VN"])


def test_thai_representative_cannot_open_the_vietnamese_dashboard(
    thailand_rep, viet_nam, client_for
):
    assert client_for(thailand_rep).get("/dashboard/countries/VN/").status_code == 403


def test_da_nang_official_sees_da_nang_but_not_bangkok(da_nang_official, bangkok, client_for):
    client = client_for(da_nang_official)
    assert client.get("/dashboard/").url == reverse("reports:city", args=["da-nang"])
    assert client.get("/dashboard/cities/da-nang/").status_code == 200
    assert client.get("/dashboard/cities/bangkok/").status_code == 403


def test_partner_has_no_dashboard_and_anonymous_must_sign_in(partner_user, anonymous, client_for):
    assert client_for(partner_user).get("/dashboard/").status_code == 403
    response = client_for(anonymous).get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_filters_live_in_the_url_and_bad_values_are_reported(small_network, asec_user, client_for):
    client = client_for(asec_user)
    response = client.get("/dashboard/?year=1999&country=XX")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    response = client.get("/dashboard/?year=2024&country=TH")
    assert "vn 0.1" not in response.content.decode()


def test_dashboard_tables_export_as_csv_and_xlsx(small_network, asec_user, client_for):
    client = client_for(asec_user)
    csv = client.get("/dashboard/?year=2024&export=csv&table=cities")
    assert csv["Content-Type"].startswith("text/csv")
    assert "vn-0" not in csv.content.decode("utf-8-sig")
    assert "City,Country,CSCO" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/dashboard/?year=2024&export=xlsx&table=focus_areas")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "Focus area"
    assert client.get("/dashboard/?export=csv&table=nope").status_code == 404


def test_public_progress_counts_only_published_plans(
    da_nang, bangkok, asec_user, client_for, anonymous
):
    published = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Public one")
    f.ProgressUpdateFactory(project=published, year=2024, percent_complete=80)
    f.publish_as_is(published.plan, asec_user, revision=1)
    draft = f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok), title="Draft one")
    f.ProgressUpdateFactory(project=draft, year=2024, percent_complete=10)
    body = client_for(anonymous).get("/progress/?year=2024").content.decode()
    assert "80%" in body


def test_reminders_are_sent_by_asec_only(
    da_nang,
    asec_user,
    da_nang_official,
    client_for,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Needs update")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(asec_user).post("/dashboard/completeness/remind/", {"year": 2024})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["official-da-nang@example.org"]]
    refused = client_for(da_nang_official).post("/dashboard/completeness/remind/", {"year": 2024})
    assert refused.status_code == 403


def test_completeness_lists_cities_with_missing_updates(small_network, asec_user, client_for):
    f.ProjectFactory(plan=f.ActionPlanFactory(city=f.CityFactory(slug="late", name="Late Town")))
    body = client_for(asec_user).get("/dashboard/completeness/?year=2024").content.decode()
    assert "Late Town" in body


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/?year=2024",
        "/dashboard/completeness/?year=2024",
        "/dashboard/countries/VN/?year=2024",
        "/progress/?year=2024",
    ],
)
def test_dashboard_queries_do_not_grow_with_the_network(
    path, viet_nam, asec_user, client_for, django_assert_max_num_queries
):
    client = client_for(asec_user)
    build_network(viet_nam, cities=2, projects=2, prefix="small")
    # 40 before issue 20's drill-down links, issue 17's catalogue roll-up and issue 15's section
    # of what changed since last year.
    with django_assert_max_num_queries(57) as small:
        client.get(path)
    build_network(viet_nam, cities=8, projects=5, prefix="large")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200


def test_city_sections_page_through_the_network_and_exports_have_every_city(
    viet_nam, asec_user, client_for, settings
):
    from reports import dashboards

    build_network(viet_nam, cities=dashboards.CITIES_PER_PAGE + 3, projects=1, prefix="many")
    client = client_for(asec_user)
    first = client.get("/dashboard/?year=2024").content.decode()
    second = client.get("/dashboard/?year=2024&page=2").content.decode()
    assert 'rel="next"' in first and 'rel="prev"' in second
    export = client.get("/dashboard/?year=2024&page=2&export=csv&table=cities")
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1 + 28


def test_long_completeness_lists_show_the_first_rows_and_export_all(
    viet_nam, asec_user, client_for, monkeypatch
):
    from reports import dashboards

    monkeypatch.setattr(dashboards, "LIST_LIMIT", 3)
    build_network(viet_nam, cities=2, projects=3, prefix="late")
    client = client_for(asec_user)
    body = client.get("/dashboard/completeness/?year=2025").content.decode()
    assert "Showing the first 3 of 6 rows" in body
    export = client.get("/dashboard/completeness/?year=2025&export=csv&table=missing_updates")
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1 + 6


# --- Reading well (issue 20, point 3) -----------------------------------------------------------


def test_the_network_dashboard_drills_down_to_countries_and_focus_areas(
    small_network, asec_user, client_for
):
    body = client_for(asec_user).get("/dashboard/?year=2024").content.decode()
    assert 'href="/dashboard/countries/VN/?year=2024"' in body
    assert 'href="/dashboard/focus-areas/built-infrastructure/?year=2024"' in body


def test_a_country_dashboard_drills_down_to_its_cities(small_network, viet_nam_rep, client_for):
    body = client_for(viet_nam_rep).get("/dashboard/countries/VN/?year=2024").content.decode()
    assert 'href="/dashboard/cities/da-nang/?year=2024"' in body
    assert "/dashboard/countries/TH/" not in body  # not theirs to open


def test_the_city_dashboard_speaks_of_one_member_city(da_nang_official, client_for):
    body = client_for(da_nang_official).get("/dashboard/cities/da-nang/").content.decode()
    assert "Member city<" in body and "Member cities" not in body
    assert "Progress of the city" in body and "Network progress" not in body


def test_each_exhibit_shows_its_chart_with_the_table_one_click_away(
    small_network, asec_user, client_for
):
    body = client_for(asec_user).get("/dashboard/?year=2024").content.decode()
    charts = body.count('<svg class="chart"')
    assert charts >= 5
    assert body.count('<details class="figure-table">') == charts


def close_2024(asec_user):
    """Publish every plan and (re)close the 2024 cycle, so that its snapshots record them all."""
    for plan in ActionPlan.objects.filter(publications=None):
        publish(plan, asec_user)
    cycle = ReportingCycle.objects.filter(year=2024).first() or f.ReportingCycleFactory(year=2024)
    Snapshot.objects.filter(cycle=cycle).delete()
    ReportingCycle.objects.filter(pk=cycle.pk).update(status="open")
    cycle.refresh_from_db()
    cycles.submissions_ensure(cycle=cycle)
    cycles.cycle_close(cycle=cycle, actor=asec_user, confirm=True)


@pytest.mark.parametrize(
    "path", ["/dashboard/?year=2024", "/dashboard/countries/VN/?year=2024", "/progress/?year=2024"]
)
def test_a_closed_years_dashboards_read_the_frozen_publications_in_flat_queries(
    path, viet_nam, asec_user, client_for, django_assert_max_num_queries
):
    client = client_for(asec_user)
    build_network(viet_nam, cities=2, projects=2, prefix="small")
    close_2024(asec_user)
    with django_assert_max_num_queries(57) as small:
        assert "as frozen when the 2024 cycle closed" in client.get(path).content.decode()
    build_network(viet_nam, cities=8, projects=5, prefix="large")
    close_2024(asec_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200
    assert len(frozen_publications(2024)) == 10  # every plan, large ones included


def test_a_year_without_projects_says_why_and_where_to_look(viet_nam, asec_user, client_for):
    """A new plan period's first year, before any city has its new plan: zeros with a reason."""
    html = client_for(asec_user).get("/dashboard/?year=2024").content.decode()
    assert "No action plan covering 2024 has projects yet" in html
    build_network(viet_nam, cities=1, projects=1, prefix="one")
    html = client_for(asec_user).get("/dashboard/?year=2024").content.decode()
    assert "has projects yet" not in html
