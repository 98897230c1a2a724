"""A signed-in session ends after 30 minutes without a request; each request keeps it alive."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import LAST_SEEN_SESSION_KEY
from tests.security.conftest import sign_in


def stored_session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def seconds_left(client):
    return (stored_session(client).expire_date - timezone.now()).total_seconds()


def test_sessions_last_thirty_minutes_and_are_not_written_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False


def test_signing_in_gives_thirty_minutes(client, da_nang_official):
    sign_in(client, "official-da-nang")

    assert 1790 < seconds_left(client) <= 1800
    assert client.cookies["sessionid"]["max-age"] == 1800


def test_a_request_a_minute_later_gives_thirty_minutes_again(client, da_nang_official):
    sign_in(client, "official-da-nang")
    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(two_minutes_ago.timestamp())
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=two_minutes_ago + datetime.timedelta(minutes=30)
    )
    assert seconds_left(client) < 1700

    assert client.get("/").status_code == 200

    assert 1790 < seconds_left(client) <= 1800
    assert client.cookies["sessionid"]["max-age"] == 1800


def test_requests_within_the_minute_do_not_write_the_session(client, da_nang_official):
    sign_in(client, "official-da-nang")
    client.get("/")

    with CaptureQueriesContext(connection) as captured:
        client.get("/")

    writes = [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in writes), writes


def test_after_thirty_idle_minutes_the_next_request_is_signed_out(client, da_nang_official):
    sign_in(client, "official-da-nang")
    Session.objects.filter(pk=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_visits_store_no_session(client, db):
    client.get("/")

    assert not Session.objects.exists()
