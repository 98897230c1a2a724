"""ASEC's reminders from the completeness dashboard follow the year's reports (issue 14 point 6):
only cities that were members in the year and have not handed in their report are reminded, each
reminder recorded on the submission so the cycle page shows who was reminded when."""

import datetime

import pytest
from django.utils import translation

from action_plans.models import ReportingCycle, Submission, SubmissionEvent
from reports import selectors as s
from reports.reminders import update_reminders_deliver
from tests import factories as f

YEAR = 2025


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(db, da_nang, bangkok):
    """The open 2025 cycle: Da Nang has submitted, Bangkok has not started; Dili joined later."""
    cycle = ReportingCycle.objects.create(
        year=YEAR, status="open", deadline=datetime.date.today() + datetime.timedelta(days=5)
    )
    Submission.objects.create(cycle=cycle, city=da_nang, status="submitted")
    Submission.objects.create(cycle=cycle, city=bangkok, status="not_started")
    f.CityFactory(slug="dili", name="Dili", joined_year=YEAR + 1)
    return cycle


def test_a_city_that_submitted_is_not_lagging_even_with_updates_missing(cycle, da_nang_plan):
    f.ProjectFactory(plan=da_nang_plan, stage="ongoing")  # no 2025 update

    lagging = {city.slug: city.report_status for city in s.lagging_cities(s.Scope(year=YEAR))}

    assert lagging == {"bangkok": "not_started"}  # Dili was no member in 2025


def test_a_city_without_missing_updates_is_still_reminded_until_it_submits(cycle, bangkok_plan):
    project = f.ProjectFactory(plan=bangkok_plan, stage="ongoing")
    f.ProgressUpdateFactory(project=project, year=YEAR)

    assert [city.slug for city in s.lagging_cities(s.Scope(year=YEAR))] == ["bangkok"]


def test_asec_reminds_only_members_that_have_not_submitted_and_the_cycle_page_shows_it(
    cycle,
    da_nang_official,
    bangkok_official,
    asec_user,
    client_for,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        reminded = update_reminders_deliver(year=YEAR)

    assert reminded == 1
    assert [m.to for m in mailoutbox] == [[bangkok_official.email]]
    event = SubmissionEvent.objects.get(action="remind")
    assert (event.submission.city.slug, event.reminder) == ("bangkok", "manual")
    page = client_for(asec_user).get(f"/reporting/{YEAR}/").content.decode()
    assert "sent by ASEC" in page and bangkok_official.email in page


def test_the_completeness_page_shows_each_lagging_citys_report_status(cycle, asec_user, client_for):
    body = client_for(asec_user).get(f"/dashboard/completeness/?year={YEAR}").content.decode()

    assert "Cities that have not submitted their report" in body
    assert "Not started" in body and "Dili" not in body
