import pytest

from action_plans import services
from tests import factories as f


@pytest.fixture
def focus_area(db):
    return f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure")


@pytest.fixture
def other_focus_area(db):
    return f.FocusAreaFactory(code="health-and-well-being", name="Health and well-being")


@pytest.fixture
def da_nang_project(da_nang_plan, focus_area):
    return f.ProjectFactory(
        plan=da_nang_plan, title="Smart traffic lights", focus_areas=[focus_area]
    )


@pytest.fixture
def bangkok_project(bangkok_plan, focus_area):
    return f.ProjectFactory(
        plan=bangkok_plan, title="Canal water sensors", focus_areas=[focus_area]
    )


@pytest.fixture
def publish():
    """Take a plan through the whole workflow with the given reviewers."""

    def run(plan, *, csco, rep, asec):
        plan = services.plan_submit(plan=plan, actor=csco)
        plan = services.plan_endorse(plan=plan, actor=rep)
        return services.plan_publish(plan=plan, actor=asec)

    return run
