"""ASEC manages partners: adds them (web and API), invites their users by e-mail with a one-time
link that sets the password, deactivates them. Every other role is refused."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partners.models import Partner

OTHERS = [
    ("official-da-nang", 403),
    ("csco-da-nang", 403),
    ("nr-vn", 403),
    ("partner-adb", 403),
]


@pytest.fixture
def eager_invitations(mailoutbox):
    """The invitation leaves through the mail task, run at once (tests/conftest.py)."""
    return mailoutbox


def _partner_body(**changes):
    return {"name": "Temasek Foundation", "kind": "ngo", "country": "SG", **changes}


def test_asec_adds_a_partner_in_the_browser(client_for, personas):
    response = client_for(personas["asec"]).post(
        reverse("partners:create"), {**_partner_body(), "website": "https://example.org"}
    )

    partner = Partner.objects.get(name="Temasek Foundation")
    assert response.status_code == 302
    assert (partner.slug, partner.kind, partner.country) == ("temasek-foundation", "ngo", "SG")


def test_asec_adds_a_partner_through_the_api(api_client_for, personas):
    response = api_client_for(personas["asec"]).post(
        "/api/partners/",
        {**_partner_body(), "focus_areas": [], "support_offered": []},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "temasek-foundation"


def test_a_partner_with_a_bad_kind_or_a_taken_name_is_refused_per_field(
    api_client_for, personas, adb
):
    client = api_client_for(personas["asec"])
    assert "kind" in client.post("/api/partners/", _partner_body(kind="x"), format="json").json()
    response = client.post("/api/partners/", _partner_body(name=adb.name), format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize(("persona", "status"), [*OTHERS, ("anonymous", 401)])
def test_only_asec_adds_partners_through_the_api(api_client_for, personas, persona, status):
    response = api_client_for(personas[persona]).post(
        "/api/partners/", _partner_body(), format="json"
    )
    assert response.status_code == status
    assert not Partner.objects.filter(name="Temasek Foundation").exists()


@pytest.mark.parametrize(("persona", "status"), [*OTHERS, ("anonymous", 302)])
def test_only_asec_adds_partners_in_the_browser(client_for, personas, persona, status):
    response = client_for(personas[persona]).post(reverse("partners:create"), _partner_body())
    assert response.status_code == status
    assert not Partner.objects.filter(name="Temasek Foundation").exists()


def test_invited_partner_user_sets_a_password_with_the_link_once(
    client_for,
    client,
    personas,
    adb,
    mailoutbox,
    eager_invitations,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas["asec"]).post(
            reverse("partners:users", args=[adb.slug]), {"email": "Lan@Example.org"}
        )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="lan@example.org")
    assert (user.role, user.partner, user.has_usable_password()) == ("partner", adb, False)
    [mail] = mailoutbox
    link = re.search(r"https?://\S+/reset/\S+/", mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-Long-pass-2026", "new_password2": "a-Long-pass-2026"},
    )
    user.refresh_from_db()
    assert user.check_password("a-Long-pass-2026")
    again = client.get("/" + path, follow=True)
    assert "new_password1" not in again.content.decode()  # the link worked once


def test_invitation_to_a_taken_email_is_refused_and_nothing_sent(
    client_for, personas, adb, mailoutbox, eager_invitations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas["asec"]).post(
            reverse("partners:users", args=[adb.slug]),
            {"email": personas["partner-adb"].email or "x"},
        )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mailoutbox == []


def test_asec_invites_through_the_api(api_client_for, personas, adb):
    response = api_client_for(personas["asec"]).post(
        f"/api/partners/{adb.slug}/invite/", {"email": "no-at-sign"}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()

    response = api_client_for(personas["asec"]).post(
        f"/api/partners/{adb.slug}/invite/", {"email": "minh@example.org"}, format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(("persona", "status"), OTHERS)
def test_only_asec_invites(client_for, api_client_for, personas, adb, persona, status):
    url = reverse("partners:users", args=[adb.slug])
    assert client_for(personas[persona]).post(url, {"email": "z@example.org"}).status_code == status
    api = api_client_for(personas[persona])
    response = api.post(f"/api/partners/{adb.slug}/invite/", {"email": "z@example.org"})
    assert response.status_code == status
    assert not get_user_model().objects.filter(email="z@example.org").exists()


def test_asec_deactivates_a_partner_user(client_for, personas, adb):
    partner_user = personas["partner-adb"]
    url = reverse("partners:user_deactivate", args=[adb.slug, partner_user.pk])

    assert client_for(personas["official-da-nang"]).post(url).status_code == 403
    assert client_for(personas["asec"]).post(url).status_code == 302

    partner_user.refresh_from_db()
    assert not partner_user.is_active


def test_users_of_another_partner_are_not_found_on_this_partners_page(client_for, personas, db):
    from tests import factories as f

    other = f.PartnerFactory(slug="world-bank", name="World Bank")
    url = reverse("partners:user_deactivate", args=[other.slug, personas["partner-adb"].pk])
    assert client_for(personas["asec"]).post(url).status_code == 404
