"""The real meetings 2018–2025 from the reference data, as the public sees them."""

import io

import icalendar
import pytest
from django.core.management import call_command

from meetings import selectors
from meetings.models import Meeting


@pytest.fixture
def loaded(db):
    call_command("load_reference_data", stdout=io.StringIO())


def test_every_real_annual_meeting_is_listed_and_hosted_by_that_years_chair(client, loaded):
    page = client.get("/meetings/").content.decode()
    for number in range(1, 9):
        meeting = Meeting.objects.get(kind="annual", number=number)
        assert meeting.get_absolute_url() in page
    assert not selectors.annual_meetings_not_hosted_by_chair().exists()
    assert "data-chair-mismatch" not in page


def test_every_real_meeting_page_renders(client, loaded):
    for meeting in Meeting.objects.all():
        response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200, meeting


def test_the_framework_adopted_in_2018_shows_on_the_first_annual_meeting(client, loaded):
    first = Meeting.objects.get(kind="annual", number=1)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "ASEAN Smart Cities Framework" in page
    assert "Singapore" in page


def test_the_real_calendar_feed_parses(client, loaded):
    calendar = icalendar.Calendar.from_ical(client.get("/meetings/calendar.ics").content)
    # The 2026 meeting has no date yet, so it is not in the calendar.
    assert (
        len(calendar.walk("VEVENT"))
        == Meeting.objects.filter(start_date__isnull=False).count()
        == 10
    )
