"""The page toolkit of `core/`: the one gate in front of a page, the policy's answers in
templates, and the one conflict page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from core.context_processors import PolicyAnswers
from core.pages import SignInOnRefusalMiddleware, SignInRequired, allow
from partners.models import Partner
from tests import factories as f

# --- The gate -----------------------------------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/somewhere/?page=2")
    request.user = user
    return request


def test_the_gate_lets_an_allowed_request_through(da_nang_official):
    assert allow(_request(da_nang_official), True) is None


def test_the_gate_asks_an_anonymous_visitor_to_sign_in():
    with pytest.raises(SignInRequired):
        allow(_request(AnonymousUser()), False)


def test_the_gate_refuses_a_signed_in_person_without_the_right(partner_user):
    with pytest.raises(PermissionDenied) as refusal:
        allow(_request(partner_user), False)

    assert not isinstance(refusal.value, SignInRequired)


def test_a_sign_in_refusal_becomes_the_sign_in_page_that_leads_back():
    request = _request(AnonymousUser())

    response = SignInOnRefusalMiddleware(lambda r: None).process_exception(
        request, SignInRequired()
    )

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/somewhere/%3Fpage%3D2"


def test_without_the_middleware_a_sign_in_refusal_is_still_a_refusal():
    assert issubclass(SignInRequired, PermissionDenied)


@pytest.mark.django_db
def test_an_anonymous_visitor_posting_an_opportunity_is_sent_to_sign_in(client):
    response = client.get(reverse("partners:opportunity_create"))

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_a_partner_user_posting_an_opportunity_is_refused(client_for, partner_user):
    response = client_for(partner_user).get(reverse("partners:opportunity_create"))

    assert response.status_code == 403


def test_a_city_official_opens_the_opportunity_form(client_for, da_nang_official):
    response = client_for(da_nang_official).get(reverse("partners:opportunity_create"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_an_anonymous_visitor_asking_for_a_report_is_sent_to_sign_in(client):
    response = client.post(reverse("reports:list"), {"year": 2025})

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_a_city_official_asking_for_a_report_is_refused(client_for, da_nang_official):
    response = client_for(da_nang_official).post(reverse("reports:list"), {"year": 2025})

    assert response.status_code == 403


# --- The policy's answers in templates ----------------------------------------------------------


def test_templates_ask_the_policy_about_the_signed_in_user(viet_nam_rep, da_nang_official):
    assert PolicyAnswers(viet_nam_rep).can_review is True
    assert PolicyAnswers(da_nang_official).can_review is False
    assert PolicyAnswers(da_nang_official).has_city_role is True


def test_templates_may_not_call_what_is_not_the_policys(da_nang_official):
    with pytest.raises(AttributeError):
        PolicyAnswers(da_nang_official).visible_plans  # noqa: B018 - the access is the test


@pytest.mark.django_db
def test_an_administrator_without_a_role_finds_the_review_queue_in_the_navigation(client_for):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    review = reverse("action_plans:review")

    page = client_for(admin).get(reverse("cities:list")).content.decode()

    assert f'href="{review}"' in page


@pytest.mark.parametrize(
    ("persona", "sees_review"),
    [("nr-vn", True), ("asec", True), ("official-da-nang", False), ("partner-adb", False)],
)
def test_the_navigation_offers_the_review_queue_to_reviewers_only(
    client_for, personas, persona, sees_review
):
    review = reverse("action_plans:review")

    page = client_for(personas[persona]).get(reverse("cities:list")).content.decode()

    assert (f'href="{review}"' in page) is sees_review


# --- The one conflict page ----------------------------------------------------------------------


def test_a_stale_partner_profile_shows_the_conflict_page_of_every_editor(
    client_for, partner_user, adb
):
    Partner.objects.filter(pk=adb.pk).update(summary="Saved by a colleague.", version=2)
    data = {
        "name": adb.name,
        "kind": adb.kind,
        "country": adb.country,
        "website": adb.website,
        "summary": "My own words.",
        "version": 1,
    }

    page = client_for(partner_user).post(f"/partners/{adb.slug}/edit/", data).content.decode()

    assert 'class="conflict-table"' in page
    assert "Your input" in page and "Saved now" in page
