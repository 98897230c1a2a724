"""ASEC manages meetings, agendas, participants, documents and decisions; nobody else may.

Every write path of the meetings app: its happy path for ASEC and its refusals for everyone else
(anonymous → sign-in page, any other signed-in role → 403), with nothing changed.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Decision, Document, Meeting, Participation
from tests import sample_files
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, DocumentFactory

REFUSED_ROLES = ["official-da-nang", "csco-da-nang", "nr-vn", "partner-adb"]


@pytest.fixture
def world(meeting, da_nang, viet_nam, adb):
    """A meeting with two agenda items, a stored document and a decision."""
    first = AgendaItemFactory(meeting=meeting, position=1, title="Opening")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Action plans")
    document = DocumentFactory(meeting=meeting, title="Minutes", kind="minutes")
    document.file.save("minutes.pdf", SimpleUploadedFile("m.pdf", sample_files.pdf_bytes()))
    decision = DecisionFactory(meeting=meeting, owner_city=da_nang, owner_is_asec=False)
    return {
        "meeting": meeting,
        "first": first,
        "second": second,
        "document": document,
        "decision": decision,
        "da_nang": da_nang,
        "viet_nam": viet_nam,
        "adb": adb,
    }


def _meeting_data(**changes):
    data = {
        "kind": "jcm",
        "number": "",
        "title": "Joint Consultative Meeting 2020",
        "start_date": "2020-11-10",
        "end_date": "2020-11-11",
        "host_country": "",
        "host_city": "",
        "venue": "ASEAN Secretariat, Jakarta",
        "format": "hybrid",
        "theme": "",
        "summary": "",
        "source": "",
    }
    return data | changes


def _document_data(**changes):
    data = {
        "title": "Chair's statement",
        "kind": "statement",
        "date": "2020-07-17",
        "source": "",
        "file": SimpleUploadedFile("statement.pdf", sample_files.pdf_bytes()),
    }
    return data | changes


# name → (url, POST data); built from the world so each test gets fresh ids and files.
WRITE_PATHS = {
    "meeting create": lambda w: (reverse("meetings:create"), _meeting_data()),
    "meeting edit": lambda w: (
        reverse("meetings:edit", args=[w["meeting"].pk]),
        _meeting_data(kind="annual", number="3", title="3rd ASCN Annual Meeting (Ha Noi)"),
    ),
    "agenda item create": lambda w: (
        reverse("meetings:agenda_item_create", args=[w["meeting"].pk]),
        {"title": "Investment toolkit", "description": ""},
    ),
    "agenda item edit": lambda w: (
        reverse("meetings:agenda_item_edit", args=[w["meeting"].pk, w["first"].pk]),
        {"title": "Opening remarks", "description": "By the chair."},
    ),
    "agenda item delete": lambda w: (
        reverse("meetings:agenda_item_delete", args=[w["meeting"].pk, w["first"].pk]),
        {},
    ),
    "agenda item move": lambda w: (
        reverse("meetings:agenda_item_move", args=[w["meeting"].pk, w["second"].pk]),
        {"direction": "up"},
    ),
    "participants": lambda w: (
        reverse("meetings:participants", args=[w["meeting"].pk]),
        {"cities": [w["da_nang"].pk], "countries": [w["viet_nam"].pk], "partners": [w["adb"].pk]},
    ),
    "document create": lambda w: (
        reverse("meetings:document_create", args=[w["meeting"].pk]),
        _document_data(),
    ),
    "document edit": lambda w: (
        reverse("meetings:document_edit", args=[w["meeting"].pk, w["document"].pk]),
        _document_data(title="Minutes of the 3rd meeting", kind="minutes", file=""),
    ),
    "document delete": lambda w: (
        reverse("meetings:document_delete", args=[w["meeting"].pk, w["document"].pk]),
        {},
    ),
    "decision create": lambda w: (
        reverse("meetings:decision_create", args=[w["meeting"].pk]),
        {
            "text": "Cities report their progress by March.",
            "owner": "asec",
            "due_date": "2021-03-31",
            "status": "open",
            "follow_up": "",
        },
    ),
    "decision edit": lambda w: (
        reverse("meetings:decision_edit", args=[w["meeting"].pk, w["decision"].pk]),
        {
            "text": "Viet Nam hosts a workshop on data.",
            "owner": f"country:{w['viet_nam'].pk}",
            "due_date": "2021-06-30",
            "status": "in_progress",
            "follow_up": "Venue found.",
        },
    ),
}


def _state():
    """Everything the write paths may change, to prove a refusal changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Meeting, AgendaItem, Participation, Document, Decision)
    ]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(client, world, path):
    url, data = WRITE_PATHS[path](world)
    before = _state()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _state() == before


@pytest.mark.parametrize("role", REFUSED_ROLES)
@pytest.mark.parametrize("path", WRITE_PATHS)
def test_only_asec_manages_meetings(client_for, personas, world, path, role):
    url, data = WRITE_PATHS[path](world)
    before = _state()
    response = client_for(personas[role]).post(url, data)
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_asec_write_paths_succeed_and_return_to_the_meeting(client_for, asec_user, world, path):
    url, data = WRITE_PATHS[path](world)
    response = client_for(asec_user).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/meetings/")


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_management_forms_are_not_shown_to_other_roles(client_for, personas, world, role):
    for name, args in [
        ("meetings:create", []),
        ("meetings:edit", [world["meeting"].pk]),
        ("meetings:participants", [world["meeting"].pk]),
        ("meetings:document_create", [world["meeting"].pk]),
        ("meetings:decision_create", [world["meeting"].pk]),
    ]:
        assert client_for(personas[role]).get(reverse(name, args=args)).status_code == 403


def test_asec_sees_every_management_form(client_for, asec_user, world):
    client = client_for(asec_user)
    m = world["meeting"].pk
    for url in [
        reverse("meetings:create"),
        reverse("meetings:edit", args=[m]),
        reverse("meetings:agenda_item_create", args=[m]),
        reverse("meetings:agenda_item_edit", args=[m, world["first"].pk]),
        reverse("meetings:agenda_item_delete", args=[m, world["first"].pk]),
        reverse("meetings:participants", args=[m]),
        reverse("meetings:document_create", args=[m]),
        reverse("meetings:document_edit", args=[m, world["document"].pk]),
        reverse("meetings:document_delete", args=[m, world["document"].pk]),
        reverse("meetings:decision_create", args=[m]),
        reverse("meetings:decision_edit", args=[m, world["decision"].pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_asec_sees_management_buttons_on_the_meeting_page_and_others_do_not(
    client_for, asec_user, da_nang_official, world
):
    edit_url = reverse("meetings:edit", args=[world["meeting"].pk])
    assert (
        edit_url in client_for(asec_user).get(world["meeting"].get_absolute_url()).content.decode()
    )
    page = client_for(da_nang_official).get(world["meeting"].get_absolute_url()).content.decode()
    assert edit_url not in page


# --- What each write does -----------------------------------------------------------------------


def test_asec_creates_a_joint_consultative_meeting(client_for, asec_user, db):
    response = client_for(asec_user).post(reverse("meetings:create"), _meeting_data())
    meeting = Meeting.objects.get(title="Joint Consultative Meeting 2020")
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.kind == "jcm"
    assert meeting.end_date == datetime.date(2020, 11, 11)


def test_a_meeting_ending_before_it_starts_is_refused_and_what_was_typed_is_kept(
    client_for, asec_user, db
):
    data = _meeting_data(start_date="2020-11-12", end_date="2020-11-10")
    response = client_for(asec_user).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert "The meeting cannot end before it starts." in response.content.decode()
    assert "Joint Consultative Meeting 2020" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_host_city_outside_the_host_country_is_refused(client_for, asec_user, bangkok, viet_nam):
    data = _meeting_data(host_country=viet_nam.pk, host_city=bangkok.pk)
    response = client_for(asec_user).post(reverse("meetings:create"), data)
    assert "Bangkok is not in Viet Nam." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_host_city_alone_sets_its_country_as_host(client_for, asec_user, da_nang):
    client_for(asec_user).post(reverse("meetings:create"), _meeting_data(host_city=da_nang.pk))
    assert Meeting.objects.get().host_country == da_nang.country


def test_a_second_annual_meeting_with_the_same_number_is_refused(client_for, asec_user, meeting):
    data = _meeting_data(kind="annual", number="3", title="Another third")
    response = client_for(asec_user).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 1


def test_new_agenda_items_go_to_the_end_and_can_be_moved_up(client_for, asec_user, world):
    client = client_for(asec_user)
    m = world["meeting"]
    client.post(reverse("meetings:agenda_item_create", args=[m.pk]), {"title": "Closing"})
    closing = AgendaItem.objects.get(title="Closing")
    assert list(m.agenda_items.values_list("title", flat=True)) == [
        "Opening",
        "Action plans",
        "Closing",
    ]
    client.post(reverse("meetings:agenda_item_move", args=[m.pk, closing.pk]), {"direction": "up"})
    assert list(m.agenda_items.values_list("title", "position")) == [
        ("Opening", 1),
        ("Closing", 2),
        ("Action plans", 3),
    ]


def test_moving_the_first_item_up_changes_nothing(client_for, asec_user, world):
    m = world["meeting"]
    client_for(asec_user).post(
        reverse("meetings:agenda_item_move", args=[m.pk, world["first"].pk]), {"direction": "up"}
    )
    assert list(m.agenda_items.values_list("title", flat=True)) == ["Opening", "Action plans"]


def test_an_unknown_move_direction_is_a_400(client_for, asec_user, world):
    url = reverse("meetings:agenda_item_move", args=[world["meeting"].pk, world["first"].pk])
    assert client_for(asec_user).post(url, {"direction": "sideways"}).status_code == 400


def test_removing_an_agenda_item_closes_the_gap(client_for, asec_user, world):
    m = world["meeting"]
    client_for(asec_user).post(
        reverse("meetings:agenda_item_delete", args=[m.pk, world["first"].pk])
    )
    assert list(m.agenda_items.values_list("title", "position")) == [("Action plans", 1)]


def test_an_agenda_item_of_another_meeting_is_not_found(client_for, asec_user, world):
    other = Meeting.objects.create(
        kind="workshop", title="Other", start_date="2021-01-01", end_date="2021-01-01"
    )
    url = reverse("meetings:agenda_item_edit", args=[other.pk, world["first"].pk])
    assert client_for(asec_user).post(url, {"title": "Hijacked"}).status_code == 404


def test_participants_are_set_to_exactly_what_was_ticked(client_for, asec_user, world, bangkok):
    m = world["meeting"]
    Participation.objects.create(meeting=m, city=bangkok)
    client = client_for(asec_user)
    url = reverse("meetings:participants", args=[m.pk])
    client.post(url, {"cities": [world["da_nang"].pk], "partners": [world["adb"].pk]})
    assert {str(p) for p in m.participations.all()} == {"Da Nang", "Asian Development Bank"}
    client.post(url, {})
    assert not m.participations.exists()


def test_the_participants_form_shows_who_is_already_there(client_for, asec_user, world):
    Participation.objects.create(meeting=world["meeting"], city=world["da_nang"])
    page = client_for(asec_user).get(reverse("meetings:participants", args=[world["meeting"].pk]))
    assert page.context["form"]["cities"].value() == [world["da_nang"].pk]


def test_asec_records_a_decision_owned_by_a_city(client_for, asec_user, world):
    data = {
        "text": "Da Nang shares its open data portal.",
        "owner": f"city:{world['da_nang'].pk}",
        "due_date": "2021-06-30",
        "status": "open",
    }
    client_for(asec_user).post(
        reverse("meetings:decision_create", args=[world["meeting"].pk]), data
    )
    decision = Decision.objects.get(text="Da Nang shares its open data portal.")
    assert (decision.owner_city, decision.owner_country, decision.owner_is_asec) == (
        world["da_nang"],
        None,
        False,
    )


def test_changing_a_decisions_owner_clears_the_previous_one(client_for, asec_user, world):
    decision = world["decision"]
    url = reverse("meetings:decision_edit", args=[world["meeting"].pk, decision.pk])
    client_for(asec_user).post(url, WRITE_PATHS["decision edit"](world)[1])
    decision.refresh_from_db()
    assert (decision.owner_city, decision.owner_country) == (None, world["viet_nam"])


def test_a_decision_without_owner_is_refused(client_for, asec_user, world):
    data = {"text": "Someone should do it.", "owner": "", "status": "open"}
    response = client_for(asec_user).post(
        reverse("meetings:decision_create", args=[world["meeting"].pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owner"]
    assert not Decision.objects.filter(text="Someone should do it.").exists()


@pytest.mark.parametrize("role", ["official-da-nang", "nr-vn", "partner-adb", "anonymous"])
def test_services_refuse_anyone_but_asec_whoever_calls_them(personas, world, role):
    from django.core.exceptions import PermissionDenied

    from meetings import services

    actor = personas[role]
    calls = [
        lambda: services.meeting_create(actor=actor, title="x"),
        lambda: services.meeting_update(meeting=world["meeting"], actor=actor, title="x"),
        lambda: services.agenda_item_create(meeting=world["meeting"], actor=actor, title="x"),
        lambda: services.agenda_item_move(item=world["first"], actor=actor, direction="down"),
        lambda: services.agenda_item_delete(item=world["first"], actor=actor),
        lambda: services.participants_set(
            meeting=world["meeting"], actor=actor, cities=[], countries=[], partners=[]
        ),
        lambda: services.document_delete(document=world["document"], actor=actor),
        lambda: services.decision_update(decision=world["decision"], actor=actor, text="x"),
    ]
    before = _state()
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _state() == before
