"""iCalendar export: a feed of all meetings and one .ics per meeting, valid for `icalendar`."""

import datetime

import icalendar
import pytest

from meetings.calendar import meeting_uid
from tests.meetings.factories import MeetingFactory


@pytest.fixture
def meetings(da_nang, viet_nam, thailand):
    return [
        MeetingFactory(
            kind="annual",
            number=3,
            title="3rd ASCN Annual Meeting",
            start_date=datetime.date(2020, 7, 17),
            host_country=viet_nam,
            host_city=da_nang,
            theme="Towards the community",
        ),
        MeetingFactory(
            kind="roundtable",
            title="ASCN Roundtable: Smart and Sustainable Cities",
            start_date=datetime.date(2019, 6, 6),
            end_date=datetime.date(2019, 6, 7),
            host_country=thailand,
            venue="United Nations Conference Centre, Bangkok",
        ),
        MeetingFactory(
            kind="annual",
            number=4,
            title="4th ASCN Annual Meeting",
            start_date=datetime.date(2021, 8, 30),
            format="virtual",
        ),
    ]


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_lists_every_meeting_and_parses_back(client, meetings):
    events = _events(client.get("/meetings/calendar.ics"))
    assert set(events) == {meeting_uid(m) for m in meetings}
    assert str(events[meeting_uid(meetings[0])]["SUMMARY"]) == "3rd ASCN Annual Meeting"


def test_events_are_all_day_with_an_exclusive_end(client, meetings):
    events = _events(client.get("/meetings/calendar.ics"))
    one_day = events[meeting_uid(meetings[0])]
    assert one_day.decoded("DTSTART") == datetime.date(2020, 7, 17)
    assert one_day.decoded("DTEND") == datetime.date(2020, 7, 18)
    assert not isinstance(one_day.decoded("DTSTART"), datetime.datetime)
    two_days = events[meeting_uid(meetings[1])]
    assert two_days.decoded("DTEND") == datetime.date(2019, 6, 8)


def test_location_comes_from_the_venue_host_city_and_country(client, meetings):
    events = _events(client.get("/meetings/calendar.ics"))
    assert str(events[meeting_uid(meetings[0])]["LOCATION"]) == "Da Nang, Viet Nam"
    assert events[meeting_uid(meetings[0])].decoded("GEO") is not None
    roundtable = events[meeting_uid(meetings[1])]
    assert str(roundtable["LOCATION"]) == "United Nations Conference Centre, Bangkok, Thailand"
    assert "LOCATION" not in events[meeting_uid(meetings[2])]


def test_uids_are_stable_between_downloads(client, meetings):
    first = set(_events(client.get("/meetings/calendar.ics")))
    meetings[0].title = "3rd ASCN Annual Meeting (renamed)"
    meetings[0].save()
    assert set(_events(client.get("/meetings/calendar.ics"))) == first


def test_each_event_links_back_to_its_meeting_page(client, meetings):
    event = _events(client.get("/meetings/calendar.ics"))[meeting_uid(meetings[0])]
    assert str(event["URL"]) == f"http://testserver/meetings/{meetings[0].pk}/"


def test_a_meeting_has_its_own_ics(client, meetings):
    response = client.get(f"/meetings/{meetings[1].pk}/calendar.ics")
    assert list(_events(response)) == [meeting_uid(meetings[1])]
    assert "attachment" in response["Content-Disposition"]


def test_an_empty_network_still_has_a_valid_feed(client, db):
    assert _events(client.get("/meetings/calendar.ics")) == {}


def test_the_ics_of_a_missing_meeting_is_a_404(client, db):
    assert client.get("/meetings/999/calendar.ics").status_code == 404


@pytest.mark.parametrize("size", [2, 8])
def test_the_feed_runs_one_query_whatever_the_size(client, db, django_assert_num_queries, size):
    for i in range(size):
        MeetingFactory(start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i))
    with django_assert_num_queries(1):
        client.get("/meetings/calendar.ics")
