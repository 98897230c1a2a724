"""Acting on a suggestion (issue 18, points 3 and 4): a city asks another to connect, the other
city's officials are told through the task queue and answer; accepted connections are visible
to both and to ASEC and may become a study visit or a twinning inside ASEAN."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learning.models import Connection
from partners.models import Twinning

pytestmark = pytest.mark.django_db


def ask(api, net, *, user=None, **body):
    user = user or net.personas["official-da-nang"]
    data = {"to_project": net.meters.pk, "message": "May we visit your meters?", **body}
    return api(user).post("/api/connections/", data, format="json")


@pytest.fixture
def ha_noi_officials(ha_noi_official):
    ha_noi_official.email = "official@ha-noi.example"
    ha_noi_official.save()
    return ha_noi_official


def test_da_nang_asks_ha_noi_and_ha_noi_is_told_through_the_task_queue(
    net, api, ha_noi_officials, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    from core.tasks import send_mail

    queued = []
    monkeypatch.setattr(send_mail, "delay", lambda *a: queued.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(api, net, from_project=net.water.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["from_city"], body["to_city"], body["status"]) == ("da-nang", "ha-noi", "pending")
    assert body["to_project"] == net.meters.pk and body["from_project"] == net.water.pk
    assert [(compose, args) for compose, args, *_ in queued] == [
        ("learning.notifications.connection_message", [body["id"], "requested"])
    ]
    assert send_mail.apply(queued[0]).get() == 1
    assert mailoutbox[0].to == ["official@ha-noi.example"]
    assert "Da Nang" in mailoutbox[0].subject


def test_only_the_asked_city_answers(net, api, ha_noi_official):
    connection_id = ask(api, net).json()["id"]
    url = f"/api/connections/{connection_id}/accept/"
    assert api(net.personas["official-da-nang"]).post(url).status_code == 403
    assert api(net.personas["asec"]).post(url).status_code == 403
    for outsider in ("official-bangkok", "nr-vn", "partner-adb"):
        assert api(net.personas[outsider]).post(url).status_code == 404
    assert api(AnonymousUser()).post(url).status_code == 401
    accepted = api(ha_noi_official).post(url, {"reply": "Welcome!"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api(ha_noi_official).post(f"/api/connections/{connection_id}/decline/")
    assert again.status_code == 400 and "already been answered" in str(again.json())


def test_an_accepted_connection_is_seen_by_both_cities_and_asec_only(net, api, ha_noi_official):
    connection_id = ask(api, net).json()["id"]
    api(ha_noi_official).post(f"/api/connections/{connection_id}/accept/")
    for persona, seen in [
        ("official-da-nang", 1),
        ("asec", 1),
        ("official-bangkok", 0),
        ("nr-vn", 0),
        ("partner-adb", 0),
    ]:
        assert api(net.personas[persona]).get("/api/connections/").json()["count"] == seen
    assert api(ha_noi_official).get("/api/connections/").json()["count"] == 1


def test_an_accepted_connection_becomes_a_twinning_inside_asean(net, api, ha_noi_official):
    connection_id = ask(api, net).json()["id"]
    api(ha_noi_official).post(f"/api/connections/{connection_id}/accept/")
    url = f"/api/connections/{connection_id}/record/"
    recorded = api(net.personas["official-da-nang"]).post(
        url, {"outcome": "twinning"}, format="json"
    )
    assert recorded.status_code == 200, recorded.json()
    twinning = Twinning.objects.get(pk=recorded.json()["twinning"])
    assert twinning.within_asean and twinning.counterpart_ascn_city.slug == "ha-noi"
    assert list(Twinning.objects.outside_asean()) == []
    assert (
        api(ha_noi_official).post(url, {"outcome": "study_visit"}, format="json").status_code == 400
    )


def test_a_pending_connection_cannot_be_recorded(net, api):
    connection_id = ask(api, net).json()["id"]
    url = f"/api/connections/{connection_id}/record/"
    response = api(net.personas["official-da-nang"]).post(
        url, {"outcome": "study_visit"}, format="json"
    )
    assert response.status_code == 400


# --- Bad input: a clear 4xx, nothing lost -------------------------------------------------------


def test_asking_ones_own_city_is_a_400(net, api):
    response = ask(api, net, to_project=net.corridor.pk)
    assert response.status_code == 400 and "own city" in str(response.json())
    assert not Connection.objects.exists()


def test_a_duplicate_request_is_a_400_either_way(net, api, ha_noi_official):
    assert ask(api, net).status_code == 201
    again = ask(api, net, user=net.personas["csco-da-nang"])
    assert again.status_code == 400 and "already" in str(again.json())
    back = ask(api, net, user=ha_noi_official, to_project=net.water.pk)
    assert back.status_code == 400
    assert Connection.objects.count() == 1


@pytest.mark.parametrize("message", ["", "   "])
def test_an_empty_message_is_a_400_with_the_field_named(net, api, message):
    response = ask(api, net, message=message)
    assert response.status_code == 400 and "message" in response.json()
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"to_project": 999999},
        {"to_project": "water"},
        {"from_project": 999999},
        {"message": "x" * 2001},
        {"colour": "blue"},
    ],
)
def test_other_bad_requests_are_400s(net, api, body):
    response = ask(api, net, **body)
    assert response.status_code == 400
    assert not Connection.objects.exists()


def test_partners_and_representatives_cannot_ask(net, api):
    for persona in ("partner-adb", "nr-vn", "asec"):
        assert ask(api, net, user=net.personas[persona]).status_code == 403


def test_the_web_form_says_what_is_wrong_and_keeps_the_message(net, client_for):
    from django.urls import reverse

    client = client_for(net.personas["official-da-nang"])
    url = reverse("learning:connection_create", args=[net.corridor.pk])
    response = client.post(url, {"message": "Hello"})
    assert response.status_code == 400
    assert "own city" in response.content.decode()
    assert response.context["form"]["message"].value() == "Hello"


def test_the_twinnings_page_and_api_keep_both_kinds_apart(net, api, client_for, da_nang, ha_noi):
    from django.urls import reverse

    Twinning.objects.create(
        city=da_nang,
        counterpart_ascn_city=ha_noi,
        counterpart_city="Ha Noi",
        counterpart_country="VN",
        start_year=2026,
    )
    Twinning.objects.create(
        city=da_nang, counterpart_city="Yokohama", counterpart_country="JP", start_year=2019
    )
    page = client_for(AnonymousUser()).get(reverse("partners:twinnings"))
    # Two paged lists: with cities outside ASEAN, and between ASCN cities.
    assert [t.counterpart_city for t in page.context["page"].object_list] == ["Yokohama"]
    assert [t.counterpart_city for t in page.context["asean_page"].object_list] == ["Ha Noi"]
    inside = api(AnonymousUser()).get("/api/twinnings/", {"within_asean": "true"}).json()
    assert [t["counterpart_ascn_city"] for t in inside["results"]] == ["ha-noi"]
    outside = api(AnonymousUser()).get("/api/twinnings/", {"within_asean": "false"}).json()
    assert [t["counterpart_city"] for t in outside["results"]] == ["Yokohama"]
