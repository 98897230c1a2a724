"""A small world for the review: Da Nang's 2025 report open, with a project whose progress jumped
(flagged) and an indicator value; Bangkok's report too."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from action_plans import services
from action_plans.services import cycles
from tests import factories as f


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(db):
    return f.ReportingCycleFactory(year=2025, status="open", deadline=datetime.date(2099, 3, 31))


@pytest.fixture
def report(cycle, da_nang_plan, bangkok_plan, da_nang_official):
    """Da Nang's 2025 submission with one flagged update (27 % → 100 %) and a measured value."""
    cycles.submissions_ensure(cycle=cycle)
    project = f.ProjectFactory(plan=da_nang_plan, title="Smart traffic", end_year=2026)
    f.ProgressUpdateFactory(project=project, year=2024, percent_complete=27)
    update = services.progress_update_save(
        project=project,
        actor=da_nang_official,
        year=2025,
        data={"percent_complete": 100, "status": "completed", "narrative": "Finished."},
        version=None,
    )
    measured = f.IndicatorFactory(project=project, name="Signals", target_value=Decimal("80"))
    value = services.indicator_value_set(
        indicator=measured, actor=da_nang_official, year=2025, value=Decimal("60")
    )
    submission = cycle.submissions.get(city=da_nang_plan.city)
    return type(
        "Report",
        (),
        {"submission": submission, "project": project, "update": update, "value": value},
    )
