"""Fixtures of the report job's tests: eager Celery and a small network with data for 2024."""

import pytest

from tests import factories as f


@pytest.fixture
def eager(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    settings.MEDIA_ROOT = tmp_path
    from ascn_portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def network(da_nang, bangkok):
    area = f.FocusAreaFactory(code="built-infrastructure")
    publisher = f.UserFactory(role="asec")
    for city in (da_nang, bangkok):
        plan = f.ActionPlanFactory(city=city)
        project = f.ProjectFactory(plan=plan, focus_areas=[area])
        f.ProgressUpdateFactory(project=project, year=2024, percent_complete=40)
        f.IndicatorFactory(project=project)
        f.publish_as_is(plan, publisher)  # the report reads what ASEC published
