"""Reads of meetings, their documents and decisions, for pages, the calendar and the report."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from cities.models import AseanChair, City, Country
from core import policy
from meetings.models import Decision, Document, Meeting
from reports.models import AnnualReport

# Kinds of meeting that receive the year's progress report (SPEC §2; ascn_reference.md).
REPORTED_TO = (Meeting.Kind.ANNUAL, Meeting.Kind.JCM)
PAST_MEETINGS_PER_PAGE = 25


def meetings_with_chair() -> QuerySet[Meeting]:
    """Meetings with their host, the ASEAN chair of their year and whether an annual meeting's
    host is not that chair (`host_is_not_chair`); unknown chairs are never flagged."""
    chair = AseanChair.objects.filter(year=OuterRef("year"))
    annual_with_chair = Q(kind=Meeting.Kind.ANNUAL, chair_country_id__isnull=False)
    return (
        Meeting.objects.select_related("host_country", "host_city")
        .annotate(
            chair_country_id=Subquery(chair.values("country_id")[:1]),
            chair_country_name=Subquery(chair.values("country__name")[:1]),
        )
        .annotate(
            host_is_not_chair=Case(
                When(annual_with_chair & Q(host_country_id=F("chair_country_id")), then=False),
                When(annual_with_chair, then=True),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def annual_meetings_not_hosted_by_chair() -> QuerySet[Meeting]:
    return meetings_with_chair().filter(host_is_not_chair=True).order_by("start_date")


def meetings_for_year(year: int) -> QuerySet[Meeting]:
    return meetings_with_chair().filter(year=year).order_by("start_date", "pk")


def meeting_list_page(*, today: datetime.date | None = None, page=None) -> dict:
    """Upcoming meetings (soonest first), then past ones grouped by year (latest first), a page
    of PAST_MEETINGS_PER_PAGE at a time (the past grows every year)."""
    today = today or timezone.localdate()
    meetings = meetings_with_chair()
    coming = _upcoming(today)
    upcoming = list(meetings.filter(coming).order_by(F("start_date").asc(nulls_last=True), "pk"))
    past = meetings.exclude(coming).order_by("-year", "-start_date", "-pk")
    past_page = Paginator(past, PAST_MEETINGS_PER_PAGE).get_page(page)
    return {
        "upcoming": upcoming,
        "past_page": past_page,
        "past_by_year": [
            (year, list(group)) for year, group in groupby(past_page, lambda m: m.year)
        ],
        "network_documents": Document.objects.filter(meeting__isnull=True),
    }


def _upcoming(today: datetime.date) -> Q:
    """Meetings still to come (or running): dated ones not over, announced ones (a year, no date
    yet) of this year or later."""
    announced = Q(start_date__isnull=True, year__gte=today.year)
    return Q(end_date__gte=today) | announced


def next_meeting(*, today: datetime.date | None = None) -> tuple[Meeting | None, bool]:
    """The next (or running) meeting and True, or else the latest one held and False: one query.
    A dated meeting comes before one only announced for a year. With its host, not the ASEAN
    chair (`meetings_with_chair`): the home page shows none, and its two subqueries and flag
    were most of the query's cost to build (issue 21)."""
    today = today or timezone.localdate()
    order = Case(
        When(end_date__gte=today, then=Value(0)),
        When(_upcoming(today), then=Value(1)),
        default=Value(2),
    )
    upcoming_start = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    meeting = (
        Meeting.objects.select_related("host_country", "host_city")
        .annotate(order=order, upcoming_start=upcoming_start)
        .order_by("order", F("upcoming_start").asc(nulls_last=True), "-start_date", "pk")
        .first()
    )
    return meeting, meeting is not None and meeting.order < 2


def meeting_page(*, meeting: Meeting) -> dict:
    participations = meeting.participations.select_related("city__country", "country", "partner")
    participations = participations.order_by("city__name", "country__name", "partner__name")
    return {
        "meeting": meeting,
        "agenda_items": meeting.agenda_items.all(),
        "participant_cities": [p.city for p in participations if p.city_id],
        "participant_countries": [p.country for p in participations if p.country_id],
        "participant_partners": [p.partner for p in participations if p.partner_id],
        "documents": meeting.documents.all(),
        "decisions": _decisions().filter(meeting=meeting),
        "progress_report": progress_report_for(meeting),
    }


def progress_report_for(meeting: Meeting) -> AnnualReport | None:
    """The year's published annual report, submitted as the progress report to the annual
    meeting and the Joint Consultative Meeting of that year."""
    if meeting.kind not in REPORTED_TO:
        return None
    published = AnnualReport.objects.filter(
        year=meeting.year, published=True, status=AnnualReport.Status.SUCCEEDED
    )
    return published.order_by("-published_at", "-pk").first()


def _decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "meeting", "owner_city__country", "owner_country"
    ).order_by(F("due_date").asc(nulls_last=True), "meeting__start_date", "pk")


def decisions_for_year(year: int) -> QuerySet[Decision]:
    """Decisions of the year's meetings with meeting, owner, due date, status and follow-up,
    for the annual report."""
    return _decisions().filter(meeting__year=year).order_by("meeting__start_date", "pk")


def open_follow_ups_for(subject) -> QuerySet[Decision]:
    """Open decisions owned by a city, a country, or followed up by a user (see the policy)."""
    if isinstance(subject, City):
        owned = Decision.objects.filter(owner_city=subject)
    elif isinstance(subject, Country):
        owned = Decision.objects.filter(owner_country=subject)
    else:
        owned = policy.decisions_followed_up_by(subject)
    return _decisions().filter(pk__in=owned.values("pk"), status__in=Decision.OPEN_STATUSES)
