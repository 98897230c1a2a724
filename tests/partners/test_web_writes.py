"""The marketplace's write pages: forms, conflicts, interests and answers through the web."""

import pytest
from django.utils import timezone

from partners.models import Interest, Opportunity, Partner, Partnership, Twinning
from tests import factories as f

TODAY = timezone.localdate()


@pytest.fixture
def street_lights(da_nang, infrastructure, support):
    project = f.ProjectFactory(
        plan=f.ActionPlanFactory(city=da_nang),
        title="Smart street lights",
        seeking_partners=True,
        partnership_needs="Funding for 5,000 LED lamps.",
        focus_areas=[infrastructure],
    )
    opportunity = f.OpportunityFactory(
        city=da_nang, project=project, title="LED street lights", focus_areas=[infrastructure]
    )
    opportunity.support_sought.set([support["funding"]])
    return opportunity


def partner_post(partner, **changes):
    data = {
        "name": partner.name,
        "kind": partner.kind,
        "country": partner.country,
        "website": partner.website,
        "summary": partner.summary,
        "version": partner.version,
    }
    return {**data, **changes}


# --- Partner profile --------------------------------------------------------------------------


def test_partner_user_edits_the_profile_in_the_browser(
    client_for, partner_user, adb, infrastructure, support
):
    client = client_for(partner_user)
    assert client.get("/partners/asian-development-bank/edit/").status_code == 200

    response = client.post(
        "/partners/asian-development-bank/edit/",
        partner_post(
            adb,
            summary="Bankable projects.",
            focus_areas=[infrastructure.pk],
            support_offered=[support["funding"].pk],
        ),
    )

    assert response.status_code == 302
    adb.refresh_from_db()
    assert (adb.summary, adb.version) == ("Bankable projects.", 2)
    assert list(adb.focus_areas.all()) == [infrastructure]


def test_a_stale_profile_form_keeps_the_input_and_shows_what_was_saved(
    client_for, partner_user, adb
):
    Partner.objects.filter(pk=adb.pk).update(summary="Saved by a colleague.", version=2)

    response = client_for(partner_user).post(
        "/partners/asian-development-bank/edit/", partner_post(adb, summary="My own words.")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it." in page
    assert "My own words." in page
    assert "Saved by a colleague." in page
    assert 'name="version" value="2"' in page
    adb.refresh_from_db()
    assert adb.summary == "Saved by a colleague."


def test_an_invalid_profile_form_keeps_the_input(client_for, partner_user, adb):
    response = client_for(partner_user).post(
        "/partners/asian-development-bank/edit/",
        partner_post(adb, website="not a url", summary="Kept."),
    )

    assert response.status_code == 200
    assert "Kept." in response.content.decode()
    assert response.context["form"].errors["website"]


def test_another_partner_user_cannot_open_the_profile_editor(client_for, adb):
    ramboll = f.PartnerFactory(slug="ramboll", name="Ramboll", kind="private")
    ramboll_user = f.UserFactory(username="partner-ramboll", role="partner", partner=ramboll)

    assert client_for(ramboll_user).get("/partners/asian-development-bank/edit/").status_code == 403


def test_an_anonymous_visitor_is_asked_to_sign_in_to_edit(client, adb):
    response = client.get("/partners/asian-development-bank/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# --- Twinnings --------------------------------------------------------------------------------


def test_asec_records_a_twinning_in_the_browser(client_for, asec_user, da_nang, adb):
    client = client_for(asec_user)
    assert client.get("/twinnings/new/").status_code == 200

    response = client.post(
        "/twinnings/new/",
        {
            "city": da_nang.pk,
            "counterpart_city": "Yokohama",
            "counterpart_country": "JP",
            "partner": adb.pk,
            "start_year": 2019,
            "status": "active",
        },
    )

    assert response.status_code == 302
    twinning = Twinning.objects.get()
    response = client.post(
        f"/twinnings/{twinning.pk}/edit/",
        {
            "city": da_nang.pk,
            "counterpart_city": "Yokohama",
            "counterpart_country": "JP",
            "start_year": 2019,
            "status": "concluded",
        },
    )
    assert response.status_code == 302
    twinning.refresh_from_db()
    assert (twinning.status, twinning.partner) == ("concluded", None)


def test_a_duplicate_twinning_is_a_form_error(client_for, asec_user, da_nang):
    f.TwinningFactory(city=da_nang, counterpart_city="Yokohama")

    response = client_for(asec_user).post(
        "/twinnings/new/",
        {
            "city": da_nang.pk,
            "counterpart_city": "Yokohama",
            "counterpart_country": "JP",
            "start_year": 2019,
            "status": "active",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Twinning.objects.count() == 1


# --- Opportunities ----------------------------------------------------------------------------


def test_a_city_user_posts_an_opportunity_from_a_project_seeking_partners(
    client_for, da_nang_official, street_lights, support
):
    client = client_for(da_nang_official)
    project = street_lights.project

    form = client.get(f"/opportunities/new/?project={project.pk}").context["form"]
    assert form.initial["title"] == "Smart street lights"
    assert form.initial["description"] == "Funding for 5,000 LED lamps."

    response = client.post(
        "/opportunities/new/",
        {
            "title": "LED lamps",
            "description": "Funding wanted.",
            "project": project.pk,
            "focus_areas": [a.pk for a in project.focus_areas.all()],
            "support_sought": [support["funding"].pk],
            "closing_date": "",
        },
    )

    created = Opportunity.objects.get(title="LED lamps")
    assert response["Location"] == created.get_absolute_url()
    assert (created.city, created.project, created.created_by) == (
        project.plan.city,
        project,
        da_nang_official,
    )


def test_a_city_cannot_start_from_another_city_project(client_for, bangkok_official, street_lights):
    response = client_for(bangkok_official).get(
        f"/opportunities/new/?project={street_lights.project.pk}"
    )

    assert response.status_code == 404


def test_a_past_closing_date_is_refused_with_the_input_kept(
    client_for, da_nang_official, infrastructure, support
):
    response = client_for(da_nang_official).post(
        "/opportunities/new/",
        {
            "title": "Late",
            "description": "Kept text.",
            "focus_areas": [infrastructure.pk],
            "support_sought": [support["funding"].pk],
            "closing_date": "2020-01-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["closing_date"]
    assert "Kept text." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_stale_opportunity_form_is_a_conflict(client_for, da_nang_official, street_lights):
    Opportunity.objects.filter(pk=street_lights.pk).update(title="Renamed meanwhile", version=2)

    response = client_for(da_nang_official).post(
        f"/opportunities/{street_lights.pk}/edit/",
        {
            "title": "My title",
            "description": "d",
            "focus_areas": [a.pk for a in street_lights.focus_areas.all()],
            "support_sought": [s.pk for s in street_lights.support_sought.all()],
            "version": 1,
        },
    )

    page = response.content.decode()
    assert "Someone else saved this" in page
    assert "Renamed meanwhile" in page
    assert 'value="My title"' in page


def test_the_city_closes_its_opportunity_and_it_leaves_the_list(
    client, client_for, da_nang_official, street_lights
):
    response = client_for(da_nang_official).post(
        f"/opportunities/{street_lights.pk}/close/", {"version": 1}
    )

    assert response.status_code == 302
    assert Opportunity.objects.get(pk=street_lights.pk).status == "closed"
    assert client.get("/opportunities/").context["page"].paginator.count == 0


# --- Interests --------------------------------------------------------------------------------


def test_partner_user_expresses_interest_and_follows_it(
    client_for, partner_user, street_lights, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(partner_user)
    assert client.get(street_lights.get_absolute_url()).context["interest_form"] is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/opportunities/{street_lights.pk}/interest/", {"message": "We can fund it."}
        )

    assert response["Location"] == "/partners/me/interests/"
    assert Interest.objects.get().partner.slug == "asian-development-bank"
    assert len(mailoutbox) == 1  # the partner; Da Nang has no user with an address here
    page = client.get("/partners/me/interests/").content.decode()
    assert "LED street lights" in page
    assert "Pending" in page


def test_a_second_interest_is_a_clear_error_on_the_page(client_for, partner_user, street_lights):
    f.InterestFactory(opportunity=street_lights, partner=partner_user.partner)

    response = client_for(partner_user).post(
        f"/opportunities/{street_lights.pk}/interest/", {"message": "Again"}
    )

    assert response.status_code == 200
    assert "Asian Development Bank has already expressed interest" in response.content.decode()
    assert Interest.objects.count() == 1


def test_interest_in_an_opportunity_that_closed_meanwhile_is_explained(
    client_for, partner_user, street_lights, da_nang_official
):
    client = client_for(partner_user)
    Opportunity.objects.filter(pk=street_lights.pk).update(
        closing_date=TODAY.replace(year=TODAY.year - 1)
    )

    response = client.post(
        f"/opportunities/{street_lights.pk}/interest/", {"message": "Hi"}, follow=True
    )

    assert response.redirect_chain == [("/opportunities/", 302)]
    assert "no longer open for interest" in response.content.decode()
    assert not Interest.objects.exists()


def test_the_city_accepts_an_interest_from_its_inbox(
    client_for, da_nang_official, street_lights, adb
):
    interest = f.InterestFactory(opportunity=street_lights, partner=adb, message="We can fund.")
    client = client_for(da_nang_official)
    assert "We can fund." in client.get("/opportunities/inbox/").content.decode()

    response = client.post(f"/interests/{interest.pk}/accept/", {"message": "Welcome."})

    assert response["Location"] == "/opportunities/inbox/"
    assert Partnership.objects.get().project == street_lights.project
    assert Opportunity.objects.get(pk=street_lights.pk).status == "matched"


def test_the_city_declines_from_the_opportunity_page(client_for, da_nang_official, street_lights):
    interest = f.InterestFactory(opportunity=street_lights)

    response = client_for(da_nang_official).post(
        f"/interests/{interest.pk}/decline/", {"next": "opportunity"}
    )

    assert response["Location"] == street_lights.get_absolute_url()
    interest.refresh_from_db()
    assert interest.status == "declined"


def test_bangkok_cannot_answer_da_nang_interests(client_for, bangkok_official, street_lights):
    interest = f.InterestFactory(opportunity=street_lights)
    client = client_for(bangkok_official)

    assert client.post(f"/interests/{interest.pk}/accept/").status_code == 404
    assert client.post(f"/interests/{interest.pk}/decline/").status_code == 404
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_a_partner_cannot_accept_its_own_interest(client_for, partner_user, street_lights, adb):
    interest = f.InterestFactory(opportunity=street_lights, partner=adb)

    assert client_for(partner_user).post(f"/interests/{interest.pk}/accept/").status_code == 403


def test_answering_twice_is_explained(client_for, da_nang_official, street_lights):
    interest = f.InterestFactory(
        opportunity=street_lights, status="declined", decided_at=timezone.now()
    )

    response = client_for(da_nang_official).post(f"/interests/{interest.pk}/accept/", follow=True)

    assert "already been answered" in response.content.decode()


def test_the_partner_withdraws_from_its_interests_page(client_for, partner_user, street_lights):
    interest = f.InterestFactory(opportunity=street_lights, partner=partner_user.partner)

    response = client_for(partner_user).post(f"/interests/{interest.pk}/withdraw/")

    assert response["Location"] == "/partners/me/interests/"
    interest.refresh_from_db()
    assert interest.status == "withdrawn"


def test_the_partner_still_sees_an_opportunity_it_answered_after_it_closes(
    client_for, partner_user, street_lights
):
    f.InterestFactory(opportunity=street_lights, partner=partner_user.partner)
    Opportunity.objects.filter(pk=street_lights.pk).update(status="matched")

    response = client_for(partner_user).get(street_lights.get_absolute_url())

    assert response.status_code == 200
    assert response.context["own_interest"] is not None
    assert response.context["interest_form"] is None


@pytest.mark.parametrize("size", [2, 12])
def test_the_inbox_and_the_partner_interests_run_a_fixed_number_of_queries(
    size,
    client_for,
    da_nang,
    da_nang_official,
    partner_user,
    infrastructure,
    django_assert_num_queries,
):
    for _ in range(size):
        opportunity = f.OpportunityFactory(city=da_nang, focus_areas=[infrastructure])
        f.InterestFactory(opportunity=opportunity, partner=partner_user.partner)
        f.InterestFactory(opportunity=opportunity, status="declined", decided_at=timezone.now())
    city, partner = client_for(da_nang_official), client_for(partner_user)

    with django_assert_num_queries(8):
        assert city.get("/opportunities/inbox/").status_code == 200
    with django_assert_num_queries(5):
        assert partner.get("/partners/me/interests/").status_code == 200
