"""Project pages show progress and indicator values over the years as a small chart beside their
table, and flag overdue milestones (issue 20, point 3)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_project_page_charts_progress_and_indicators_and_flags_overdue_milestones(
    client_for, da_nang_official, da_nang
):
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Smart lights")
    f.ProgressUpdateFactory(project=project, year=2023, percent_complete=20)
    f.ProgressUpdateFactory(project=project, year=2024, percent_complete=55)
    indicator = f.IndicatorFactory(project=project, name="Lights on")
    indicator.values.create(year=2024, value=Decimal("40"))
    f.MilestoneFactory(project=project, title="Late", due_date=datetime.date(2020, 1, 1))
    f.MilestoneFactory(
        project=project,
        title="Done",
        due_date=datetime.date(2020, 1, 1),
        done_date=datetime.date(2020, 2, 1),
    )

    html = client_for(da_nang_official).get(f"/projects/{project.pk}/").content.decode()

    assert "<title>Percent complete of Smart lights over the years</title>" in html
    assert "<title>2024: 55%</title>" in html
    assert "<title>Lights on (%) over the years</title>" in html
    assert html.count('class="overdue"') == 1


def test_the_chart_escapes_what_it_writes():
    rendered = Template("{% load project_charts %}{% years_chart points title=title %}").render(
        Context({"points": [(2024, 5)], "title": "<script>x</script>"})
    )
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


def test_no_values_no_chart():
    rendered = Template("{% load project_charts %}{% years_chart points title='t' %}").render(
        Context({"points": []})
    )
    assert rendered == ""


def test_the_published_project_page_flags_overdue_milestones_the_same_way(client, da_nang):
    from tests.reports.building import publish

    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Smart lights")
    f.MilestoneFactory(project=project, title="Late", due_date=datetime.date(2020, 1, 1))
    f.MilestoneFactory(project=project, title="Ahead", due_date=datetime.date(2099, 1, 1))
    publish(project.plan, f.UserFactory(role="asec"))

    response = client.get(f"/projects/{project.pk}/")
    html = response.content.decode()

    assert "action_plans/project_published.html" in [t.name for t in response.templates]
    assert "Late" in html and "Ahead" in html
    assert html.count('class="overdue"') == 1
