"""Solution providers apply to be listed (issue 17, point 5): a public form with a clear message
per field that keeps what was typed; ASEC approves (the provider becomes a partner of kind
"private solution provider" with its focus areas and support) or declines; the applicant hears it
by e-mail, through the mail task, in the language they applied in."""

import pytest
from django.urls import reverse

from action_plans.models import FocusArea
from partners.models import Partner, ProviderApplication, SupportType

APPLY = "/partners/apply/"


@pytest.fixture
def vocabulary(db):
    area = FocusArea.objects.get_or_create(code="quality-environment", defaults={"name": "Env"})[0]
    support = SupportType.objects.get_or_create(code="solutions", defaults={"name": "Solutions"})[0]
    return area, support


def _form(vocabulary, **changes):
    area, support = vocabulary
    return {
        "name": "Mekong Sensors Co.",
        "country": "TH",
        "website": "https://sensors.example.org",
        "summary": "Air-quality sensors for city networks.",
        "focus_areas": [area.pk],
        "support_offered": [support.pk],
        "contact_name": "Pim Srisuk",
        "email": "pim@sensors.example.org",
        **changes,
    }


def _apply(client, vocabulary, language="en", **changes):
    return client.post(APPLY, _form(vocabulary, **changes), HTTP_ACCEPT_LANGUAGE=language)


def test_anyone_applies_and_nothing_is_listed_before_asec_decides(client, vocabulary):
    response = _apply(client, vocabulary, language="vi")

    assert response.status_code == 302
    application = ProviderApplication.objects.get()
    assert (application.status, application.language, application.country) == (
        "pending",
        "vi",
        "TH",
    )
    assert list(application.focus_areas.all()) == [vocabulary[0]]
    assert not Partner.objects.filter(name="Mekong Sensors Co.").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not an address"}, "email"),
        ({"website": "nowhere"}, "website"),
        ({"name": ""}, "name"),
        ({"focus_areas": []}, "focus_areas"),
        ({"support_offered": []}, "support_offered"),
        ({"summary": "x" * 6000}, "summary"),
    ],
)
def test_a_bad_application_says_what_is_wrong_keeps_what_was_typed_and_saves_nothing(
    client, vocabulary, changes, field
):
    response = _apply(client, vocabulary, **changes)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'value="Pim Srisuk"' in response.content.decode()
    assert not ProviderApplication.objects.exists()


def test_a_listed_partner_or_a_pending_application_cannot_apply_again(client, vocabulary):
    Partner.objects.create(name="Listed Ltd", slug="listed-ltd", kind="private")
    _apply(client, vocabulary)

    for name in ("Listed Ltd", "mekong sensors co."):
        response = _apply(client, vocabulary, name=name)
        assert response.context["form"].errors["name"]
    assert ProviderApplication.objects.count() == 1


def test_hostile_text_is_escaped_on_asecs_list(client, client_for, personas, vocabulary):
    _apply(client, vocabulary, name="<script>alert(1)</script>", summary='"><img src=x>')

    page = client_for(personas["asec"]).get(reverse("partners:applications")).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x>" not in page


def _decide(client_for, personas, step, message="", language="vi"):
    application = ProviderApplication.objects.get()
    return client_for(personas["asec"]).post(
        reverse(f"partners:application_{step}", args=[application.pk]),
        {"message": message},
    )


def test_asec_approves_the_provider_becomes_a_partner_and_hears_it_in_its_language(
    client, client_for, personas, vocabulary, mailoutbox, django_capture_on_commit_callbacks
):
    _apply(client, vocabulary, language="vi")

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client_for, personas, "approve", message="Chào mừng!")

    assert response.status_code == 302
    partner = Partner.objects.get(name="Mekong Sensors Co.")
    assert (partner.kind, partner.country, partner.website) == (
        "private",
        "TH",
        "https://sensors.example.org",
    )
    assert list(partner.focus_areas.all()) == [vocabulary[0]]
    assert list(partner.support_offered.all()) == [vocabulary[1]]
    assert ProviderApplication.objects.get().partner == partner
    [mail] = mailoutbox
    assert mail.to == ["pim@sensors.example.org"]
    assert "Chào mừng!" in mail.body
    assert "Ban Thư ký ASEAN" in mail.body  # the Vietnamese text, as the applicant applied


def test_asec_declines_and_the_applicant_hears_it(
    client, client_for, personas, vocabulary, mailoutbox, django_capture_on_commit_callbacks
):
    _apply(client, vocabulary)

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client_for, personas, "decline", message="Not in scope.")

    assert ProviderApplication.objects.get().status == "declined"
    assert not Partner.objects.filter(name="Mekong Sensors Co.").exists()
    [mail] = mailoutbox
    assert "declined" in mail.body and "Not in scope." in mail.body


def test_a_decided_application_is_not_decided_twice(client, client_for, personas, vocabulary):
    _apply(client, vocabulary)
    _decide(client_for, personas, "decline")

    _decide(client_for, personas, "approve")

    assert ProviderApplication.objects.get().status == "declined"
    assert not Partner.objects.filter(name="Mekong Sensors Co.").exists()


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "partner-adb"])
def test_only_asec_reads_and_decides_applications(
    client, client_for, personas, vocabulary, persona
):
    _apply(client, vocabulary)
    application = ProviderApplication.objects.get()
    other = client_for(personas[persona])

    assert other.get(reverse("partners:applications")).status_code == 403
    response = other.post(reverse("partners:application_approve", args=[application.pk]))
    assert response.status_code == 403
    assert ProviderApplication.objects.get().status == "pending"


def test_applications_are_limited_per_client_address(client, vocabulary, settings):
    """Over the limit the form answers 429, says when to try again, keeps what was typed and
    saves nothing. Client addresses are new in every run: the counters live in the cache."""
    import random

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "provider_application": "2/hour",
        },
    }
    address = "10." + ".".join(str(random.randrange(256)) for _ in range(3))
    answers = [
        client.post(APPLY, _form(vocabulary, name=f"Provider {n}"), REMOTE_ADDR=address)
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Too many applications from this address" in answers[2].content.decode()
    assert 'value="Provider 2"' in answers[2].content.decode()
    assert ProviderApplication.objects.filter(name__startswith="Provider ").count() == 2
    other = client.post(APPLY, _form(vocabulary, name="Elsewhere Co"), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302
