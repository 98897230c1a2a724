"""Query threads (issue 15 point 3) through the API with a token and through the pages: ASEC or
the national representative opens, the city answers, the reviewer resolves; each message mails
the other side; an open query blocks accepting; another city, a partner and the public see
nothing (404)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from action_plans.services import cycles
from review import services
from review.models import Flag, Query
from tests.test_i18n import compiled_catalogue  # noqa: F401 - the Vietnamese e-mail needs it


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None and user.is_authenticated:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def open_query(report, user, **body):
    body = {
        "object_type": "progress_update",
        "object_id": report.update.pk,
        "message": "Why 100 %?",
    } | body
    return api(user).post("/api/queries/", body, format="json")


def test_asec_opens_a_query_the_city_answers_and_asec_resolves_it(
    report, asec_user, da_nang_csco, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opened = open_query(report, asec_user)
    assert opened.status_code == 201, opened.json()
    query_id = opened.json()["id"]
    assert opened.json()["object"] == {"type": "progress_update", "id": report.update.pk}

    with django_capture_on_commit_callbacks(execute=True):
        answered = api(da_nang_csco).post(
            f"/api/queries/{query_id}/messages/", {"message": "Handed over in May."}, format="json"
        )
    assert answered.status_code == 201
    assert [m["message"] for m in answered.json()["messages"]] == [
        "Why 100 %?",
        "Handed over in May.",
    ]

    resolved = api(asec_user).post(f"/api/queries/{query_id}/resolve/")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert [m.to[0].split("@")[0] for m in mailoutbox] == [
        "csco-da-nang",  # the question goes to the city's users
        "official-da-nang",
        "asec",  # the city's answer to the reviewer who asked
    ]


def test_each_message_is_mailed_in_the_recipients_language(
    report, asec_user, da_nang_csco, mailoutbox, django_capture_on_commit_callbacks
):
    da_nang_csco.language = "vi"
    da_nang_csco.save()

    with django_capture_on_commit_callbacks(execute=True):
        open_query(report, asec_user)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert by_address[da_nang_csco.email].subject == "Câu hỏi về báo cáo năm 2025 của Da Nang"
    assert by_address["official-da-nang@example.org"].subject == (
        "A query on the 2025 report of Da Nang"
    )
    assert "Why 100 %?" in by_address[da_nang_csco.email].body


def test_the_national_representative_queries_the_cities_of_their_country_only(
    report, viet_nam_rep, thailand_rep
):
    assert open_query(report, viet_nam_rep).status_code == 201
    outside = open_query(report, thailand_rep)
    assert outside.status_code == 400
    assert outside.json() == {"object_id": ["There is no such object in the reports you review."]}


def test_a_query_on_an_unknown_object_or_type_is_a_clear_400(report, asec_user):
    assert open_query(report, asec_user, object_id=999999).json() == {
        "object_id": ["There is no such object in the reports you review."]
    }
    assert "object_type" in open_query(report, asec_user, object_type="plan").json()
    assert open_query(report, asec_user, message="").json() == {
        "message": ["This field may not be blank."]
    }


def test_the_city_cannot_open_a_query(report, da_nang_csco):
    assert open_query(report, da_nang_csco).status_code == 403


def test_a_message_on_a_resolved_thread_is_refused_and_nothing_is_lost(
    report, asec_user, da_nang_csco
):
    query_id = open_query(report, asec_user).json()["id"]
    api(asec_user).post(f"/api/queries/{query_id}/resolve/")

    late = api(da_nang_csco).post(
        f"/api/queries/{query_id}/messages/", {"message": "One more thing"}, format="json"
    )

    assert late.status_code == 400
    assert late.json() == {"message": ["This query is resolved; open a new query to ask again."]}
    assert Query.objects.get().messages.count() == 1


@pytest.mark.parametrize("who", ["official-bangkok", "partner-adb", "anonymous", "nr-th"])
def test_outsiders_do_not_see_a_query_through_the_api_or_the_pages(
    report, asec_user, personas, client_for, who
):
    query_id = open_query(report, asec_user).json()["id"]
    user = personas[who]

    assert api(user).get(f"/api/queries/{query_id}/").status_code == 404
    assert api(user).get("/api/queries/").json()["results"] == []
    assert api(user).post(
        f"/api/queries/{query_id}/messages/", {"message": "Hi"}, format="json"
    ).status_code in (401, 404)
    page = client_for(user).get(f"/review/queries/{query_id}/")
    assert page.status_code == (302 if who == "anonymous" else 404)
    flags = api(user).get("/api/flags/").json()["results"]
    assert flags == []


@pytest.mark.parametrize("who", ["official-da-nang", "csco-da-nang", "nr-vn", "asec"])
def test_the_city_its_representative_and_asec_see_the_thread(
    report, asec_user, personas, client_for, who
):
    query_id = open_query(report, asec_user).json()["id"]

    assert api(personas[who]).get(f"/api/queries/{query_id}/").status_code == 200
    assert (
        "Why 100 %?"
        in client_for(personas[who]).get(f"/review/queries/{query_id}/").content.decode()
    )


def test_a_submission_with_an_open_query_cannot_be_accepted(report, asec_user, da_nang_csco):
    services.flag_answer(flag=Flag.objects.get(), actor=da_nang_csco, text="Handed over early.")
    cycles.submission_submit(submission=report.submission, actor=da_nang_csco)
    query_id = open_query(report, asec_user).json()["id"]

    refused = api(asec_user).post(
        f"/api/submissions/{report.submission.pk}/accept/", {}, format="json"
    )
    assert refused.status_code == 400
    assert "1 queries on this report are not resolved yet" in str(refused.json())

    api(asec_user).post(f"/api/queries/{query_id}/resolve/")
    accepted = api(asec_user).post(
        f"/api/submissions/{report.submission.pk}/accept/", {}, format="json"
    )
    assert accepted.json()["status"] == "accepted"


def test_asec_opens_a_query_from_the_review_page_and_the_city_answers_on_the_thread_page(
    report, asec_user, da_nang_official, client_for
):
    reviewer = client_for(asec_user)
    review_page = f"/review/submissions/{report.submission.pk}/"
    assert "Ask the city" in reviewer.get(review_page).content.decode()

    empty = reviewer.post(
        f"{review_page}queries/new/", {"target": f"project:{report.project.pk}", "message": ""}
    )
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()

    sent = reviewer.post(
        f"{review_page}queries/new/",
        {"target": f"project:{report.project.pk}", "message": "Is it really finished?"},
    )
    query = Query.objects.get()
    assert sent["Location"] == f"/review/queries/{query.pk}/"
    assert (query.object_type, query.year) == ("project", 2025)

    city = client_for(da_nang_official)
    city.post(f"/review/queries/{query.pk}/", {"message": "Yes, since May."})
    assert [m.text for m in query.messages.all()] == ["Is it really finished?", "Yes, since May."]


def test_the_thread_stays_with_the_figure_it_is_about_for_the_city_only(
    report, asec_user, da_nang_official, bangkok_official, client_for
):
    open_query(report, asec_user, message="Who confirmed the handover?")
    page = f"/projects/{report.project.pk}/progress/2025/"

    assert "Who confirmed the handover?" in client_for(da_nang_official).get(page).content.decode()
    assert client_for(bangkok_official).get(page).status_code in (403, 404)
