"""The editor's funding page: the city edits a project's funding sources with its version; bad
input is shown next to its field and nothing is saved; publishing copies the funding."""

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import FundingSource, Project
from tests import factories as f


@pytest.fixture
def project(da_nang_plan):
    area = f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure")
    return f.ProjectFactory(
        plan=da_nang_plan, title="Smart traffic lights", focus_areas=[area], budget_usd=100000
    )


def _url(project):
    return reverse("action_plans:project_funding", args=[project.pk])


def _post(project, **row):
    data = {
        "version": project.version,
        "funding-TOTAL_FORMS": "2",
        "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "1000",
    }
    source = {
        "funder_kind": "partner",
        "instrument": "grant",
        "amount": "60000",
        "currency": "USD",
        "status": "sought",
        **row,
    }
    data.update({f"funding-0-{k}": v for k, v in source.items()})
    return data


def test_da_nang_official_adds_a_funding_source(client_for, da_nang_official, project, adb):
    client = client_for(da_nang_official)
    assert client.get(_url(project)).status_code == 200

    response = client.post(_url(project), _post(project, partner=adb.pk), follow=True)

    assert response.status_code == 200
    assert "The funding sources were saved." in response.content.decode()
    source = FundingSource.objects.get(project=project)
    assert (source.partner, source.amount_usd) == (adb, 60000)
    assert Project.objects.get(pk=project.pk).version == project.version + 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"currency": "ABC"}, "currency"),
        ({"iati_identifier": "XM|1"}, "iati_identifier"),
        ({"funder_kind": "other"}, "funder_name"),
    ],
)
def test_bad_funding_input_is_marked_on_its_field(
    client_for, da_nang_official, project, row, field
):
    body = _post(project, funder_kind=row.pop("funder_kind", "city"), **row)

    response = client_for(da_nang_official).post(_url(project), body)

    assert response.status_code == 200
    assert field in response.context["formset"].forms[0].errors
    assert not FundingSource.objects.exists()


def test_funding_beyond_the_budget_is_refused(client_for, da_nang_official, project):
    response = client_for(da_nang_official).post(
        _url(project), _post(project, funder_kind="city", amount="150000")
    )

    assert response.status_code == 200
    assert "more than the budget" in response.content.decode()
    assert not FundingSource.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("official-bangkok", 404),
        ("nr-vn", 403),
        ("asec", 403),
        ("partner-adb", 404),
    ],
)
def test_others_cannot_edit_da_nang_funding(client_for, personas, project, persona, status):
    client = client_for(personas[persona])
    assert client.post(_url(project), _post(project, funder_kind="city")).status_code == status
    assert not FundingSource.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, project):
    assert client.get(_url(project)).status_code == 302


def test_publishing_copies_funding_and_readiness_to_the_published_layer(personas, project, adb):
    official = personas["official-da-nang"]
    services.project_update(
        project=project,
        actor=official,
        version=project.version,
        data={
            "readiness": "implementation",
            "om_cost_usd": 5000,
            "om_paid_by": "city",
            "funding_sources": [
                {
                    "funder_kind": "partner",
                    "partner": adb,
                    "instrument": "loan",
                    "amount": 80000,
                    "currency": "USD",
                    "status": "confirmed",
                    "iati_identifier": "XM-DAC-46004-1",
                },
            ],
        },
    )
    plan = services.plan_submit(plan=project.plan, actor=personas["csco-da-nang"])
    plan = services.plan_endorse(plan=plan, actor=personas["nr-vn"])
    services.plan_publish(plan=plan, actor=personas["asec"])

    published = Project.layers.published().get(origin=project)
    assert (published.stage, published.readiness, published.om_cost_usd) == (
        "ongoing",
        "implementation",
        5000,
    )
    copy = published.funding_sources.get()
    assert (copy.partner, copy.amount_usd, copy.iati_identifier) == (adb, 80000, "XM-DAC-46004-1")


def test_project_pages_show_finance_to_the_city_and_the_published_finance_to_the_public(
    client, client_for, personas, project, adb
):
    from tests.factories import FundingSourceFactory, publish_as_is

    FundingSourceFactory(project=project, funder_kind="partner", partner=adb, amount=70000)
    publish_as_is(project.plan, personas["asec"])
    project.plan.status = "published"
    project.plan.save(update_fields=["status"])
    url = reverse("action_plans:project", args=[project.pk])

    for reader in (client, client_for(personas["official-da-nang"])):
        html = reader.get(url).content.decode()
        assert "Finance and readiness" in html
        assert adb.name in html
        assert "30,000" in html  # the gap to the 100,000 budget
