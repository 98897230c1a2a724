"""Decisions are followed up by their owner (a city, a country or ASEC); the report lists them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors
from meetings.models import Decision
from tests.factories import CityFactory
from tests.meetings.factories import DecisionFactory, MeetingFactory


@pytest.fixture
def decisions(meeting, da_nang, bangkok, viet_nam, thailand):
    return {
        "da_nang": DecisionFactory(
            meeting=meeting, text="Da Nang opens its data.", owner_city=da_nang, owner_is_asec=False
        ),
        "bangkok": DecisionFactory(
            meeting=meeting, text="Bangkok pilots e-buses.", owner_city=bangkok, owner_is_asec=False
        ),
        "viet_nam": DecisionFactory(
            meeting=meeting,
            text="Viet Nam hosts a workshop.",
            owner_country=viet_nam,
            owner_is_asec=False,
        ),
        "asec": DecisionFactory(meeting=meeting, text="ASEC drafts the M&E framework."),
        "da_nang_done": DecisionFactory(
            meeting=meeting,
            text="Da Nang names a CSCO.",
            owner_city=da_nang,
            owner_is_asec=False,
            status="done",
        ),
    }


def _follow_up(client, decision, status="in_progress", notes="Working group formed."):
    url = reverse("meetings:decision_follow_up", args=[decision.pk])
    return client.post(url, {"status": status, "follow_up": notes})


@pytest.mark.parametrize(
    ("role", "owned"),
    [
        ("official-da-nang", "da_nang"),
        ("csco-da-nang", "da_nang"),
        ("official-bangkok", "bangkok"),
        ("nr-vn", "viet_nam"),
        ("asec", "asec"),
        ("asec", "da_nang"),
    ],
)
def test_the_owner_of_a_decision_follows_it_up(client_for, personas, decisions, role, owned):
    decision = decisions[owned]
    response = _follow_up(client_for(personas[role]), decision)
    assert response.status_code == 302
    assert response["Location"] == decision.meeting.get_absolute_url()
    decision.refresh_from_db()
    assert (decision.status, decision.follow_up) == ("in_progress", "Working group formed.")


@pytest.mark.parametrize(
    ("role", "decision"),
    [
        ("official-bangkok", "da_nang"),
        ("official-da-nang", "bangkok"),
        ("official-da-nang", "viet_nam"),
        ("official-da-nang", "asec"),
        ("nr-th", "viet_nam"),
        ("nr-vn", "da_nang"),
        ("nr-vn", "asec"),
        ("partner-adb", "da_nang"),
    ],
)
def test_nobody_else_follows_up_a_decision(client_for, personas, decisions, role, decision):
    target = decisions[decision]
    client = client_for(personas[role])
    assert client.get(reverse("meetings:decision_follow_up", args=[target.pk])).status_code == 403
    assert _follow_up(client, target).status_code == 403
    target.refresh_from_db()
    assert (target.status, target.follow_up) == ("open", "")


def test_an_anonymous_visitor_is_sent_to_sign_in(client, decisions):
    response = _follow_up(client, decisions["da_nang"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Decision.objects.get(pk=decisions["da_nang"].pk).status == "open"


def test_following_up_a_missing_decision_is_a_404(client_for, da_nang_official, db):
    assert _follow_up(client_for(da_nang_official), Decision(pk=999)).status_code == 404


def test_an_unknown_status_is_refused_and_the_notes_kept(client_for, da_nang_official, decisions):
    response = _follow_up(client_for(da_nang_official), decisions["da_nang"], status="forgotten")
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert "Working group formed." in response.content.decode()
    assert Decision.objects.get(pk=decisions["da_nang"].pk).status == "open"


def test_the_follow_up_returns_to_the_page_it_came_from_but_never_off_site(
    client_for, da_nang_official, decisions
):
    client = client_for(da_nang_official)
    url = reverse("meetings:decision_follow_up", args=[decisions["da_nang"].pk])
    data = {"status": "done", "follow_up": "Published.", "next": "/follow-ups/"}
    assert client.post(url, data)["Location"] == "/follow-ups/"
    data["next"] = "https://evil.example/"
    assert client.post(url, data)["Location"] == decisions["da_nang"].meeting.get_absolute_url()


def test_the_meeting_page_offers_follow_up_only_to_the_owner(
    client_for, da_nang_official, bangkok_official, decisions
):
    url = reverse("meetings:decision_follow_up", args=[decisions["da_nang"].pk])
    meeting_url = decisions["da_nang"].meeting.get_absolute_url()
    assert url in client_for(da_nang_official).get(meeting_url).content.decode()
    assert url not in client_for(bangkok_official).get(meeting_url).content.decode()


# --- Open follow-ups ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("official-da-nang", ["da_nang"]),
        ("csco-da-nang", ["da_nang"]),
        ("official-bangkok", ["bangkok"]),
        ("nr-vn", ["viet_nam"]),
        ("nr-th", []),
        ("partner-adb", []),
        ("asec", ["da_nang", "bangkok", "viet_nam", "asec"]),
    ],
)
def test_follow_ups_page_lists_the_open_decisions_a_user_owns(
    client_for, personas, decisions, role, expected
):
    response = client_for(personas[role]).get("/follow-ups/")
    assert response.status_code == 200
    assert {d.pk for d in response.context["decisions"]} == {decisions[k].pk for k in expected}
    page = response.content.decode()
    assert "Da Nang names a CSCO." not in page
    if not expected:
        assert "No open decisions to follow up." in page


def test_follow_ups_page_needs_sign_in(client, db):
    response = client.get("/follow-ups/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_open_follow_ups_for_a_city_or_a_country(decisions, da_nang, viet_nam, thailand):
    assert list(selectors.open_follow_ups_for(da_nang)) == [decisions["da_nang"]]
    assert list(selectors.open_follow_ups_for(viet_nam)) == [decisions["viet_nam"]]
    assert not selectors.open_follow_ups_for(thailand).exists()


def test_open_follow_ups_come_soonest_due_first_and_undated_last(da_nang, meeting):
    late = DecisionFactory(
        meeting=meeting, owner_city=da_nang, owner_is_asec=False, due_date=datetime.date(2031, 1, 1)
    )
    undated = DecisionFactory(
        meeting=meeting, owner_city=da_nang, owner_is_asec=False, due_date=None
    )
    soon = DecisionFactory(
        meeting=meeting, owner_city=da_nang, owner_is_asec=False, due_date=datetime.date(2021, 1, 1)
    )
    assert list(selectors.open_follow_ups_for(da_nang)) == [soon, late, undated]


def test_an_overdue_open_decision_is_flagged(client_for, da_nang_official, da_nang, meeting):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    decision = DecisionFactory(
        meeting=meeting, owner_city=da_nang, owner_is_asec=False, due_date=yesterday
    )
    assert decision.is_overdue
    assert "Overdue" in client_for(da_nang_official).get("/follow-ups/").content.decode()
    decision.status = "done"
    assert not decision.is_overdue


def test_the_include_renders_for_a_city_page(rf, da_nang_official, da_nang, decisions):
    from django.template.loader import render_to_string

    request = rf.get("/cities/da-nang/")
    request.user = da_nang_official
    html = render_to_string(
        "meetings/includes/open_follow_ups.html",
        {"open_follow_ups": selectors.open_follow_ups_for(da_nang), "user": da_nang_official},
        request=request,
    )
    assert "Da Nang opens its data." in html
    assert reverse("meetings:decision_follow_up", args=[decisions["da_nang"].pk]) in html
    assert "Bangkok pilots e-buses." not in html


@pytest.mark.parametrize("size", [2, 8])
def test_follow_ups_page_runs_the_same_queries_whatever_the_size(
    client_for, asec_user, db, django_assert_num_queries, size
):
    for i in range(size):
        meeting = MeetingFactory(start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i))
        DecisionFactory(meeting=meeting, owner_city=CityFactory(), owner_is_asec=False)
        DecisionFactory(meeting=meeting)
    client = client_for(asec_user)
    with django_assert_num_queries(4):
        client.get("/follow-ups/")


# --- For the annual report ----------------------------------------------------------------------


def test_decisions_for_year_lists_the_years_meetings_decisions_with_their_follow_up(
    decisions, da_nang
):
    other_year = MeetingFactory(start_date=datetime.date(2021, 8, 30))
    DecisionFactory(meeting=other_year, owner_city=da_nang, owner_is_asec=False)

    listed = list(selectors.decisions_for_year(2020))

    assert {d.pk for d in listed} == {d.pk for d in decisions.values()}
    done = next(d for d in listed if d.text == "Da Nang names a CSCO.")
    assert (done.meeting.title, done.owner, done.get_status_display()) == (
        "3rd ASCN Annual Meeting",
        "Da Nang",
        "Done",
    )
    assert done.due_date == datetime.date(2030, 12, 31)


@pytest.mark.parametrize("size", [2, 8])
def test_decisions_for_year_is_one_query(db, django_assert_num_queries, size):
    meeting = MeetingFactory(start_date=datetime.date(2022, 8, 30))
    for _ in range(size):
        DecisionFactory(meeting=meeting, owner_city=CityFactory(), owner_is_asec=False)
    with django_assert_num_queries(1):
        assert len([(d.meeting.title, d.owner) for d in selectors.decisions_for_year(2022)]) == size
