"""Roll-up rules of SPEC §2 against a fixture computed by hand.

Da Nang 2024: P1 60 % (2023: 40 %), P2 20 % (only a 2022 update), P3 cancelled stage, P4 whose
latest update says cancelled, P5 without updates → (60 + 20) / 2 = 40.0; in 2023 (40 + 20) / 2.
Bangkok 2024: P6 90 %. Network 2024: (60 + 20 + 90) / 3 = 56.7. Ha Noi has a project but no
update at all.
"""

from decimal import Decimal

import pytest

from reports import selectors
from reports.selectors import Scope
from tests import factories as f


@pytest.fixture
def network(da_nang, bangkok, viet_nam):
    infra = f.FocusAreaFactory(code="built-infrastructure", position=5)
    environment = f.FocusAreaFactory(code="quality-environment", position=4)
    da_nang_plan = f.ActionPlanFactory(city=da_nang)
    p1 = f.ProjectFactory(plan=da_nang_plan, title="P1", focus_areas=[infra])
    f.ProgressUpdateFactory(project=p1, year=2023, percent_complete=40)
    f.ProgressUpdateFactory(project=p1, year=2024, percent_complete=60, status="at_risk")
    p2 = f.ProjectFactory(plan=da_nang_plan, title="P2", focus_areas=[environment])
    f.ProgressUpdateFactory(project=p2, year=2022, percent_complete=20, status="delayed")
    p3 = f.ProjectFactory(plan=da_nang_plan, title="P3", stage="cancelled", focus_areas=[infra])
    f.ProgressUpdateFactory(project=p3, year=2024, percent_complete=90)
    p4 = f.ProjectFactory(plan=da_nang_plan, title="P4", focus_areas=[infra])
    f.ProgressUpdateFactory(project=p4, year=2024, percent_complete=10, status="cancelled")
    f.ProjectFactory(plan=da_nang_plan, title="P5", stage="planning", focus_areas=[environment])
    p6 = f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok), title="P6", focus_areas=[infra])
    f.ProgressUpdateFactory(project=p6, year=2024, percent_complete=90)
    ha_noi = f.CityFactory(slug="ha-noi", name="Ha Noi", country=viet_nam)
    f.ProjectFactory(plan=f.ActionPlanFactory(city=ha_noi), title="P7", focus_areas=[infra])


def test_city_progress_is_the_mean_of_latest_updates_without_cancelled_projects(network):
    by_city = selectors.progress_by(Scope(year=2024), "plan__city__slug")
    assert by_city["da-nang"] == (Decimal("40.0"), 2)
    assert by_city["bangkok"] == (Decimal("90.0"), 1)


def test_latest_update_is_taken_up_to_the_year(network):
    by_city = selectors.progress_by(Scope(year=2023), "plan__city__slug")
    assert by_city["da-nang"] == (Decimal("30.0"), 2)
    assert "bangkok" not in by_city


def test_city_with_no_updates_has_no_progress(network):
    assert "ha-noi" not in selectors.progress_by(Scope(year=2024), "plan__city__slug")
    assert selectors.network_progress(Scope(year=2018)) is None


def test_network_country_and_focus_area_roll_ups(network):
    scope = Scope(year=2024)
    assert selectors.network_progress(scope) == Decimal("56.7")
    by_country = selectors.progress_by(scope, "plan__city__country__code")
    assert by_country["VN"] == (Decimal("40.0"), 2)
    assert by_country["TH"] == (Decimal("90.0"), 1)
    by_area = selectors.progress_by(scope, "focus_areas__code")
    assert by_area["built-infrastructure"] == (Decimal("75.0"), 2)
    assert by_area["quality-environment"] == (Decimal("20.0"), 1)


def test_filters_narrow_the_roll_up(network):
    assert selectors.network_progress(Scope(year=2024, country="TH")) == Decimal("90.0")
    assert selectors.network_progress(
        Scope(year=2024, focus_area="quality-environment")
    ) == Decimal("20.0")


@pytest.mark.parametrize("first_year", [2018, 2022])
def test_trend_runs_one_query_whatever_the_number_of_years(
    network, django_assert_num_queries, first_year
):
    with django_assert_num_queries(1):
        trend = selectors.progress_trend(Scope(year=2024), first_year=first_year)
    assert trend[-2:] == [(2023, Decimal("30.0")), (2024, Decimal("56.7"))]
    assert trend == [
        (year, selectors.network_progress(Scope(year=year))) for year in range(first_year, 2025)
    ]
    with django_assert_num_queries(2):  # the plan period of the year, then the years
        assert selectors.progress_trend(Scope(year=2024))[-2:] == trend[-2:]


def test_exhibits_count_projects_by_area_stage_and_country(network):
    scope = Scope(year=2024)
    shares = {row["code"]: row for row in selectors.focus_area_shares(scope)}
    assert shares["built-infrastructure"]["projects"] == 5
    assert shares["quality-environment"]["projects"] == 2
    assert shares["built-infrastructure"]["share"] == Decimal("71.4")
    progress = selectors.implementation_progress(scope)
    stages = {row["stage"]: row["projects"] for row in progress["by_stage"]}
    assert progress["total"] == 7
    assert stages == {"planning": 1, "ongoing": 5, "completed": 0, "cancelled": 1}
    assert (progress["at_risk"], progress["delayed"]) == (1, 1)
    matrix = selectors.projects_by_country_and_focus_area(scope)
    assert matrix[("VN", "built-infrastructure")] == 4
    assert matrix[("TH", "built-infrastructure")] == 1


def test_reporting_completeness_lists_live_projects_without_this_years_update(network):
    missing = {p.title for p in selectors.projects_missing_update(Scope(year=2024))}
    assert missing == {"P2", "P5", "P7"}
    counts = {
        c.slug: (c.live_projects, c.updated_projects)
        for c in selectors.update_counts_by_city(Scope(year=2024))
    }
    assert counts["da-nang"] == (4, 2)
    assert counts["ha-noi"] == (1, 0)


def test_heat_map_cells_are_city_by_focus_area(network):
    cells = selectors.city_progress_matrix(Scope(year=2024))
    assert cells[("da-nang", "built-infrastructure")] == Decimal("60.0")
    assert cells[("da-nang", "quality-environment")] == Decimal("20.0")
