"""The cache of public pages and API reads (core/cache.py): anonymous reads come from the cache,
and a publication, a new meeting or a reference-data load is visible at once."""

import datetime
import gzip
import re

import pytest
from django.db import transaction
from django.middleware.csrf import _unmask_cipher_token

from action_plans import services as plan_services
from core.cache import new_generation
from meetings import services as meeting_services
from meetings.models import Meeting
from reference.loader import reference_data_load
from tests import factories as f

pytestmark = pytest.mark.public_cache

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def settle():
    """What committing the fixtures' rows would do: run the callbacks waiting for the commit
    (the test's transaction never commits, and the cache renews once per transaction)."""
    connection = transaction.get_connection()
    pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _ids, func, _robust in pending:
        func()


def test_an_anonymous_page_is_served_from_the_cache_with_the_visitors_own_token(
    client, da_nang, django_assert_num_queries
):
    first = client.get("/cities/")
    with django_assert_num_queries(0):
        second = client.get("/cities/")
    assert second.status_code == 200
    assert "Da Nang" in second.content.decode()
    # The language switcher's CSRF token is the visitor's own, and works.
    token = TOKEN.search(second.content.decode()).group(1)
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
    assert first["ETag"] == second["ETag"]
    assert second["Last-Modified"]
    # A proxy between must not give this copy to someone signed in.
    assert {"Cookie", "Authorization"} <= {v.strip() for v in second["Vary"].split(",")}


def test_a_conditional_get_answers_304(client, da_nang):
    etag = client.get("/api/cities/")["ETag"]
    assert etag
    assert client.get("/api/cities/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    last_modified = client.get("/").get("Last-Modified")
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_signed_in_people_never_get_or_fill_the_cache(client_for, asec_user, da_nang, client):
    signed_in = client_for(asec_user)
    signed_in.get("/cities/")
    page = signed_in.get("/cities/")
    assert "ETag" not in page  # built for them, never stored
    assert asec_user.get_full_name() in page.content.decode()
    assert asec_user.get_full_name() not in client.get("/cities/").content.decode()


def test_a_publication_is_visible_at_once(
    client,
    da_nang_plan,
    da_nang_csco,
    viet_nam_rep,
    asec_user,
    django_capture_on_commit_callbacks,
):
    f.ProjectFactory(plan=da_nang_plan, title="Smart traffic lights")
    settle()
    assert client.get("/api/action-plans/").json()["count"] == 0
    before = client.get("/cities/da-nang/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
        plan = plan_services.plan_endorse(plan=plan, actor=viet_nam_rep)
        plan_services.plan_publish(plan=plan, actor=asec_user)
    assert client.get("/api/action-plans/").json()["count"] == 1
    assert client.get("/api/projects/").json()["count"] == 1
    assert client.get("/cities/da-nang/").content.decode() != before


def test_a_new_meeting_is_visible_at_once(client, asec_user, django_capture_on_commit_callbacks):
    settle()
    client.get("/meetings/")
    assert "Cache workshop" not in client.get("/meetings/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_create(
            actor=asec_user,
            title="Cache workshop",
            kind=Meeting.Kind.WORKSHOP,
            start_date=datetime.date.today() + datetime.timedelta(days=10),
            end_date=datetime.date.today() + datetime.timedelta(days=11),
        )
    assert "Cache workshop" in client.get("/meetings/").content.decode()
    assert "Cache workshop" in client.get("/api/meetings/").content.decode()


def test_a_reference_data_load_is_visible_at_once(client, db, django_capture_on_commit_callbacks):
    assert client.get("/api/cities/").json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        reference_data_load()
    assert client.get("/api/cities/").json()["count"] > 0


def test_a_page_that_queues_a_message_or_sets_a_cookie_is_not_stored(client, da_nang):
    client.cookies["sessionid"] = "whatever"
    assert "ETag" not in client.get("/cities/")


def test_a_cached_api_read_is_sent_compressed_once_stored(client, da_nang):
    plain = client.get("/api/cities/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/api/cities/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    body = plain.content
    if plain.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert gzip.decompress(again.content) == body
    assert client.get("/api/cities/").content == body  # no gzip asked, none given


def test_many_writes_in_one_transaction_renew_the_generation_once(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(5):
            f.CityFactory(slug=f"town-{n}", name=f"Town {n}")
    assert [c for c in callbacks if c.__name__ == "new_generation"] == [new_generation]


def test_the_browsable_api_and_tokens_outside_a_form_input_are_never_shared(client, da_nang):
    first = client.get("/api/cities/", HTTP_ACCEPT="text/html")
    second = client.get("/api/cities/", HTTP_ACCEPT="text/html")
    assert second.status_code == 200
    assert "ETag" not in second
    assert first.content != second.content  # each drawn with its own token


def test_a_page_with_the_token_in_a_script_is_not_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.cache import PublicPageCacheMiddleware

    def view(request):
        return HttpResponse(f'<script>var token = "{get_token(request)}";</script>')

    middleware = PublicPageCacheMiddleware(view)
    request = rf.get("/somewhere/")
    request.LANGUAGE_CODE = "en"
    response = middleware(request)
    assert "ETag" not in response
