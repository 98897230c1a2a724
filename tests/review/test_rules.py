"""Each plausibility rule (issue 15 point 1) with a claim it flags and one it does not, then the
rules at work when a progress update or an indicator value is saved through the services."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from action_plans import services
from review import rules
from review.models import Flag
from tests import factories as f


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def update(
    percent, status="on_track", narrative="Work went on.", year=2025, end_year=2026, challenges=""
):
    project = SimpleNamespace(end_year=end_year)
    return SimpleNamespace(
        percent_complete=percent,
        status=status,
        narrative=narrative,
        challenges=challenges,
        year=year,
        project=project,
    )


def fired(now, before=None) -> set[str]:
    return {finding.rule for finding in rules.check_progress(now, before)}


PROGRESS_CASES = [
    # rule, flagged (update, previous), not flagged (update, previous)
    (
        "jump",
        (update(100, "completed"), update(27, year=2024)),
        (update(60), update(27, year=2024)),
    ),
    ("went_down", (update(40), update(60, year=2024)), (update(60), update(60, year=2024))),
    ("completed_below_100", (update(80, "completed"), None), (update(100, "completed"), None)),
    ("full_not_completed", (update(100, "on_track"), None), (update(99, "on_track"), None)),
    (
        "completed_no_narrative",
        (update(100, "completed", narrative=" "), None),
        (update(100, "completed"), None),
    ),
    (
        "past_end_ongoing",
        (update(70, "delayed", end_year=2024), None),
        (update(70, "delayed", end_year=2024, challenges="Land acquisition took a year."), None),
    ),
]


@pytest.mark.parametrize(
    ("rule", "flagged", "clean"), PROGRESS_CASES, ids=[c[0] for c in PROGRESS_CASES]
)
def test_each_progress_rule_flags_the_implausible_claim_and_not_the_plausible_one(
    rule, flagged, clean
):
    assert rule in fired(*flagged)
    assert rule not in fired(*clean)


def test_a_jump_of_exactly_the_threshold_is_not_flagged_and_the_threshold_comes_from_settings(
    settings,
):
    assert "jump" not in fired(update(67), update(27, year=2024))
    settings.PLAUSIBILITY = {"jump_points": 20}
    assert "jump" in fired(update(67), update(27, year=2024))


def indicator(baseline="10", target="80", baseline_year=2018, target_year=2025):
    return SimpleNamespace(
        baseline_value=None if baseline is None else Decimal(baseline),
        target_value=None if target is None else Decimal(target),
        baseline_year=baseline_year,
        target_year=target_year,
    )


def value_fired(value, ind, previous=None) -> set[str]:
    found = rules.check_value(SimpleNamespace(value=Decimal(value)), ind, previous)
    return {finding.rule for finding in found}


VALUE_CASES = [
    ("beyond_target", ("200", indicator(), None), ("85", indicator(), None)),
    # a target below the baseline (fewer deaths): rising is against its direction
    (
        "against_direction",
        ("45", indicator("50", "20"), Decimal("40")),
        ("30", indicator("50", "20"), Decimal("40")),
    ),
    ("against_direction", ("30", indicator(), Decimal("40")), ("45", indicator(), Decimal("40"))),
    ("no_year", ("30", indicator(baseline_year=None), None), ("30", indicator(), None)),
    (
        "no_year",
        ("30", indicator(target_year=None), None),
        ("30", indicator(target=None, target_year=None), None),
    ),
]


@pytest.mark.parametrize(
    ("rule", "flagged", "clean"),
    VALUE_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(VALUE_CASES)],
)
def test_each_indicator_rule_flags_the_implausible_value_and_not_the_plausible_one(
    rule, flagged, clean
):
    assert rule in value_fired(*flagged)
    assert rule not in value_fired(*clean)


def test_a_message_with_details_missing_falls_back_to_the_rules_name():
    assert rules.message("jump", {}) == "Big jump in a year"


def test_messages_name_the_figures():
    finding = rules.check_progress(update(100, "completed"), update(27, year=2024))[0]
    assert rules.message(finding.rule, finding.params) == (
        "Percent complete jumped from 27 % in 2024 to 100 % (more than 40 points)."
    )


# --- Through the services -------------------------------------------------------------------


@pytest.fixture
def project(da_nang_plan):
    return f.ProjectFactory(plan=da_nang_plan, title="Smart traffic", end_year=2026)


def save(project, actor, year, version=None, **data):
    fields = {"percent_complete": 50, "status": "on_track", "narrative": "On its way."} | data
    return services.progress_update_save(
        project=project, actor=actor, year=year, data=fields, version=version
    )


def test_saving_a_jump_raises_a_flag_and_correcting_it_clears_the_flag(project, da_nang_official):
    save(project, da_nang_official, 2024, percent_complete=27)
    jumped = save(project, da_nang_official, 2025, percent_complete=100, status="completed")

    assert list(Flag.objects.values_list("rule", "year", "update")) == [("jump", 2025, jumped.pk)]
    save(project, da_nang_official, 2025, version=jumped.version, percent_complete=60)
    assert not Flag.objects.exists()


def test_saving_a_value_beyond_its_target_raises_a_flag(project, da_nang_official):
    measured = f.IndicatorFactory(
        project=project, baseline_value=Decimal("10"), target_value=Decimal("80")
    )

    value = services.indicator_value_set(
        indicator=measured, actor=da_nang_official, year=2024, value=Decimal("500")
    )

    flag = Flag.objects.get()
    assert (flag.rule, flag.value, flag.city, flag.year) == (
        "beyond_target",
        value,
        project.plan.city,
        2024,
    )
    services.indicator_value_set(
        indicator=measured, actor=da_nang_official, year=2024, value=Decimal("70")
    )
    assert not Flag.objects.exists()


def test_the_person_typing_sees_the_flag_on_the_progress_form(project, da_nang_official, client):
    client.force_login(da_nang_official)
    url = f"/projects/{project.pk}/progress/2025/"
    response = client.post(
        url, {"percent_complete": 80, "status": "completed", "narrative": ""}, follow=True
    )

    page = response.content.decode()
    assert "Figures to explain" in page
    assert "but the project is 80 % done" in page
    assert "Answer the flag" in page
