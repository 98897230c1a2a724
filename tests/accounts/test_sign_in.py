"""Signing in and out, changing and resetting a password."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def test_the_login_page_is_at_its_contract_path(client, db):
    assert reverse("login") == LOGIN
    html = client.get(LOGIN).content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert reverse("password_reset") in html


def test_signing_in_rotates_the_session_key(client, da_nang_official):
    session = client.session
    session["language_hint"] = "vi"
    session.save()
    anonymous_key = session.session_key

    response = client.post(LOGIN, {"username": "official-da-nang", "password": PASSWORD})

    assert response.status_code == 302
    assert client.cookies["sessionid"].value != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert client.session["_auth_user_id"] == str(da_nang_official.pk)


def test_signing_in_returns_to_the_page_asked_for(client, da_nang_official, da_nang_plan):
    edit = reverse("action_plans:edit", args=[da_nang_plan.pk])
    response = client.post(
        LOGIN, {"username": "official-da-nang", "password": PASSWORD, "next": edit}
    )
    assert response["Location"] == edit


def test_a_wrong_password_is_refused_and_the_username_kept(client, da_nang_official):
    response = client.post(LOGIN, {"username": "official-da-nang", "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="official-da-nang"' in html
    assert "enter a correct username and password" in html
    assert "_auth_user_id" not in client.session


def test_write_pages_send_anonymous_visitors_to_sign_in(client, da_nang_plan):
    edit = reverse("action_plans:edit", args=[da_nang_plan.pk])
    response = client.get(edit)
    assert response["Location"] == f"{LOGIN}?next={edit}"


def test_signing_out_ends_the_session(client_for, da_nang_official):
    client = client_for(da_nang_official)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_new_password_needs_twelve_characters(client_for, da_nang_official):
    response = client_for(da_nang_official).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Short-9x!", "new_password2": "Short-9x!"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_changing_the_password_keeps_the_user_signed_in(client_for, da_nang_official):
    client = client_for(da_nang_official)
    new = "lantern-harbour-river-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("action_plans:my_city")).status_code == 200
    da_nang_official.refresh_from_db()
    assert da_nang_official.check_password(new)


def test_password_change_is_for_signed_in_users(client, db):
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(LOGIN)


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, da_nang_official, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": da_nang_official.email})

    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "lantern-harbour-river-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})

    assert response["Location"] == reverse("password_reset_complete")
    da_nang_official.refresh_from_db()
    assert da_nang_official.check_password(new)


def test_password_reset_does_not_reveal_unknown_addresses(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def _email_backend(**environment) -> str:
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.EMAIL_BACKEND)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ascn_portal.settings", "DEBUG": "true"}
    env.pop("EMAIL_HOST", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, **environment},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_email_goes_to_the_console_by_default_and_to_smtp_when_configured():
    assert _email_backend() == "django.core.mail.backends.console.EmailBackend"
    smtp = _email_backend(EMAIL_HOST="smtp.example.org")
    assert smtp == "django.core.mail.backends.smtp.EmailBackend"
