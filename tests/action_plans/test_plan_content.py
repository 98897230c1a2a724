"""Projects, milestones, indicators and yearly values: each write's happy path and refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from action_plans import services
from action_plans.models import IndicatorValue, Project
from core.concurrency import VersionConflict
from tests import factories as f


@pytest.fixture
def gesi(db):
    from action_plans.models import GesiGroup

    return GesiGroup.objects.create(code="women-and-girls", name="Women and girls")


def test_city_official_adds_a_project_with_all_its_fields(
    da_nang_plan, da_nang_official, focus_area, gesi
):
    project = services.project_create(
        plan=da_nang_plan,
        actor=da_nang_official,
        data={
            "title": "Flood early warning",
            "summary": "Sensors on the Han river.",
            "focus_areas": [focus_area],
            "lead_agency": "Department of Information and Communications",
            "start_year": 2020,
            "end_year": 2024,
            "budget_usd": Decimal("2500000"),
            "funding_model": "ppp",
            "stage": "ongoing",
            "seeking_partners": True,
            "partnership_needs": "Hydrological modelling.",
            "gesi_groups": [gesi],
        },
    )

    assert list(project.focus_areas.all()) == [focus_area]
    assert list(project.gesi_groups.all()) == [gesi]
    assert project.history.first().history_user == da_nang_official


def test_new_projects_go_to_the_end_of_the_plan(da_nang_project, da_nang_official, focus_area):
    project = services.project_create(
        plan=da_nang_project.plan,
        actor=da_nang_official,
        data={"title": "Second", "focus_areas": [focus_area]},
    )
    assert project.position == da_nang_project.position + 1


def test_a_project_needs_a_focus_area(da_nang_plan, da_nang_official):
    with pytest.raises(ValidationError) as error:
        services.project_create(plan=da_nang_plan, actor=da_nang_official, data={"title": "X"})
    assert "focus_areas" in error.value.message_dict


def test_project_errors_name_the_fields(da_nang_project, da_nang_official, focus_area):
    with pytest.raises(ValidationError) as error:
        services.project_create(
            plan=da_nang_project.plan,
            actor=da_nang_official,
            data={
                "title": da_nang_project.title,
                "focus_areas": [focus_area],
                "start_year": 2024,
                "end_year": 2020,
                "budget_usd": Decimal("-1"),
            },
        )
    assert set(error.value.message_dict) == {"title", "end_year", "budget_usd"}


def test_bangkok_official_cannot_add_a_project_to_da_nang(
    da_nang_plan, bangkok_official, focus_area
):
    with pytest.raises(PermissionDenied):
        services.project_create(
            plan=da_nang_plan,
            actor=bangkok_official,
            data={"title": "Intrusion", "focus_areas": [focus_area]},
        )


def test_partner_cannot_edit_a_project(da_nang_project, partner_user):
    with pytest.raises(PermissionDenied):
        services.project_update(
            project=da_nang_project, actor=partner_user, data={"title": "Mine"}, version=1
        )


def test_city_official_updates_a_project_and_its_focus_areas(
    da_nang_project, da_nang_official, other_focus_area
):
    project = services.project_update(
        project=da_nang_project,
        actor=da_nang_official,
        data={"stage": "completed", "focus_areas": [other_focus_area]},
        version=da_nang_project.version,
    )
    assert project.stage == "completed"
    assert list(project.focus_areas.all()) == [other_focus_area]
    assert project.version == da_nang_project.version + 1


def test_two_editors_of_one_project_the_second_gets_a_conflict(da_nang_project, da_nang_official):
    seen = da_nang_project.version
    services.project_update(
        project=da_nang_project, actor=da_nang_official, data={"title": "A"}, version=seen
    )
    with pytest.raises(VersionConflict):
        services.project_update(
            project=da_nang_project, actor=da_nang_official, data={"title": "B"}, version=seen
        )
    assert Project.objects.get(pk=da_nang_project.pk).title == "A"


def test_a_project_without_updates_can_be_removed(da_nang_project, da_nang_official):
    services.project_delete(project=da_nang_project, actor=da_nang_official)
    assert not Project.objects.filter(pk=da_nang_project.pk).exists()
    assert da_nang_project.history.filter(history_type="-").get().history_user == da_nang_official


def test_a_project_with_progress_updates_is_cancelled_not_removed(
    da_nang_project, da_nang_official
):
    f.ProgressUpdateFactory(project=da_nang_project)
    with pytest.raises(ValidationError, match="cancelled"):
        services.project_delete(project=da_nang_project, actor=da_nang_official)


def test_bangkok_official_cannot_remove_a_da_nang_project(da_nang_project, bangkok_official):
    with pytest.raises(PermissionDenied):
        services.project_delete(project=da_nang_project, actor=bangkok_official)


def test_projects_are_reordered_one_step_at_a_time(da_nang_plan, da_nang_official, focus_area):
    first, second, third = (
        f.ProjectFactory(plan=da_nang_plan, position=0, focus_areas=[focus_area]) for _ in "abc"
    )

    services.project_move(project=third, actor=da_nang_official, direction="up")

    order = list(da_nang_plan.projects.order_by("position").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    assert Project.objects.get(pk=third.pk).version == third.version


def test_moving_the_first_project_up_changes_nothing(da_nang_project, da_nang_official):
    services.project_move(project=da_nang_project, actor=da_nang_official, direction="up")
    assert Project.objects.get(pk=da_nang_project.pk).position == 0


def test_a_move_needs_a_direction(da_nang_project, da_nang_official):
    with pytest.raises(ValidationError):
        services.project_move(project=da_nang_project, actor=da_nang_official, direction="left")


# --- Milestones ---------------------------------------------------------------------------------


def test_milestones_are_added_changed_and_removed(da_nang_project, da_nang_official):
    milestone = services.milestone_create(
        project=da_nang_project,
        actor=da_nang_official,
        data={"title": "Tender", "due_date": datetime.date(2024, 6, 30)},
    )
    milestone = services.milestone_update(
        milestone=milestone,
        actor=da_nang_official,
        data={"done_date": datetime.date(2024, 7, 2)},
        version=milestone.version,
    )
    assert milestone.done_date == datetime.date(2024, 7, 2)

    services.milestone_delete(milestone=milestone, actor=da_nang_official)
    assert not da_nang_project.milestones.exists()


def test_a_milestone_needs_a_due_date(da_nang_project, da_nang_official):
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            project=da_nang_project, actor=da_nang_official, data={"title": "Tender"}
        )
    assert "due_date" in error.value.message_dict


def test_national_representative_cannot_change_a_milestone(da_nang_project, viet_nam_rep):
    milestone = f.MilestoneFactory(project=da_nang_project)
    with pytest.raises(PermissionDenied):
        services.milestone_update(
            milestone=milestone, actor=viet_nam_rep, data={"title": "x"}, version=1
        )
    with pytest.raises(PermissionDenied):
        services.milestone_delete(milestone=milestone, actor=viet_nam_rep)


# --- Indicators ---------------------------------------------------------------------------------


def test_indicators_carry_baseline_target_and_yearly_values(da_nang_project, da_nang_official):
    indicator = services.indicator_create(
        project=da_nang_project,
        actor=da_nang_official,
        data={
            "name": "Households with smart meters",
            "unit": "%",
            "baseline_value": Decimal("5"),
            "baseline_year": 2018,
            "target_value": Decimal("60"),
            "target_year": 2025,
        },
    )
    services.indicator_value_set(indicator=indicator, actor=da_nang_official, year=2023, value=30)
    services.indicator_value_set(indicator=indicator, actor=da_nang_official, year=2023, value=32)

    assert list(indicator.values.values_list("year", "value")) == [(2023, Decimal("32"))]


def test_an_empty_value_removes_the_years_measurement(da_nang_project, da_nang_official):
    indicator = f.IndicatorFactory(project=da_nang_project)
    services.indicator_value_set(indicator=indicator, actor=da_nang_official, year=2022, value=3)
    services.indicator_value_set(indicator=indicator, actor=da_nang_official, year=2022, value=None)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_values_outside_the_plan_years_are_refused(da_nang_project, da_nang_official):
    indicator = f.IndicatorFactory(project=da_nang_project)
    with pytest.raises(ValidationError) as error:
        services.indicator_value_set(
            indicator=indicator, actor=da_nang_official, year=1999, value=1
        )
    assert "year" in error.value.message_dict


def test_a_target_before_the_baseline_is_refused(da_nang_project, da_nang_official):
    indicator = f.IndicatorFactory(project=da_nang_project)
    with pytest.raises(ValidationError) as error:
        services.indicator_update(
            indicator=indicator,
            actor=da_nang_official,
            data={"target_year": 2010},
            version=indicator.version,
        )
    assert "target_year" in error.value.message_dict


def test_setting_a_value_moves_the_indicators_version(da_nang_project, da_nang_official):
    indicator = f.IndicatorFactory(project=da_nang_project)
    services.indicator_value_set(indicator=indicator, actor=da_nang_official, year=2022, value=3)
    with pytest.raises(VersionConflict):
        services.indicator_update(
            indicator=indicator,
            actor=da_nang_official,
            data={"unit": "km"},
            version=indicator.version,
        )


def test_bangkok_official_cannot_touch_da_nang_indicators(da_nang_project, bangkok_official):
    indicator = f.IndicatorFactory(project=da_nang_project)
    with pytest.raises(PermissionDenied):
        services.indicator_value_set(
            indicator=indicator, actor=bangkok_official, year=2022, value=1
        )
    with pytest.raises(PermissionDenied):
        services.indicator_delete(indicator=indicator, actor=bangkok_official)
