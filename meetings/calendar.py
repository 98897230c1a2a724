"""iCalendar (RFC 5545) export of meetings, built with the `icalendar` package."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone

from meetings.models import Meeting

PRODUCT_ID = "-//ASEAN Smart Cities Network//ASCN Portal//EN"
UID_DOMAIN = "ascn-portal"


def meeting_uid(meeting: Meeting) -> str:
    """The same UID every time, so calendar clients update an event instead of duplicating it."""
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def meetings_calendar(
    meetings: Iterable[Meeting], *, name: str, absolute_url: Callable[[str], str]
) -> bytes:
    """A calendar of meetings; `absolute_url` turns a path into a full URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    # A meeting announced without dates has no place in a calendar yet.
    for meeting in (m for m in meetings if m.start_date):
        calendar.add_component(_event(meeting, stamp, absolute_url(meeting.get_absolute_url())))
    return calendar.to_ical()


def _event(meeting: Meeting, stamp: datetime.datetime, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    # All-day events: DTEND is the day after the last day (RFC 5545 §3.6.1).
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.end_date + datetime.timedelta(days=1))
    event.add("categories", [str(meeting.get_kind_display())])
    event.add("url", url)
    parts = [meeting.theme, meeting.get_format_display(), meeting.summary, url]
    event.add("description", "\n\n".join(filter(None, map(str, parts))))
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.host_city and not meeting.venue:
        event.add("geo", (float(meeting.host_city.latitude), float(meeting.host_city.longitude)))
    return event
