"""The marketplace's writes: each happy path and its refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from core.concurrency import VersionConflict
from partners import services
from partners.models import Interest, Opportunity, Partnership
from tests import factories as f

TODAY = timezone.localdate()


@pytest.fixture
def ramboll(db):
    return f.PartnerFactory(slug="ramboll", name="Ramboll", kind="private")


@pytest.fixture
def ramboll_user(ramboll):
    return f.UserFactory(username="partner-ramboll", role=Role.PARTNER, partner=ramboll)


@pytest.fixture
def street_lights(da_nang, da_nang_official, infrastructure, support):
    project = f.ProjectFactory(
        plan=f.ActionPlanFactory(city=da_nang), title="Smart street lights", seeking_partners=True
    )
    opportunity = f.OpportunityFactory(
        city=da_nang, project=project, title="LED street lights", focus_areas=[infrastructure]
    )
    opportunity.support_sought.set([support["funding"]])
    return opportunity


@pytest.fixture
def adb_interest(street_lights, adb):
    return f.InterestFactory(opportunity=street_lights, partner=adb)


# --- Partner profiles -------------------------------------------------------------------------


def test_partner_user_edits_their_own_profile(partner_user, adb, infrastructure, support):
    updated = services.partner_update(
        partner=adb,
        actor=partner_user,
        version=1,
        summary="Finances bankable smart city projects.",
        country="ph",
        focus_areas=[infrastructure],
        support_offered=[support["funding"]],
    )

    assert updated.version == 2
    assert (updated.summary, updated.country) == ("Finances bankable smart city projects.", "PH")
    assert list(updated.focus_areas.all()) == [infrastructure]
    assert list(updated.support_offered.all()) == [support["funding"]]


def test_asec_edits_any_partner_profile(asec_user, adb):
    assert services.partner_update(
        partner=adb, actor=asec_user, version=1, website="https://www.adb.org/"
    ).website == ("https://www.adb.org/")


def test_partner_user_cannot_edit_another_partner(partner_user, ramboll):
    with pytest.raises(PermissionDenied):
        services.partner_update(partner=ramboll, actor=partner_user, version=1, summary="Ours")


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "anonymous"])
def test_people_without_a_partner_cannot_edit_one(personas, persona, adb):
    with pytest.raises(PermissionDenied):
        services.partner_update(partner=adb, actor=personas[persona], version=1, summary="x")


def test_stale_partner_version_is_a_conflict_and_overwrites_nothing(partner_user, adb):
    services.partner_update(partner=adb, actor=partner_user, version=1, summary="First")

    with pytest.raises(VersionConflict) as conflict:
        services.partner_update(partner=adb, actor=partner_user, version=1, summary="Second")

    assert conflict.value.current.summary == "First"
    adb.refresh_from_db()
    assert (adb.summary, adb.version) == ("First", 2)


def test_a_partner_name_taken_by_another_partner_is_a_field_error(partner_user, adb, ramboll):
    with pytest.raises(ValidationError) as error:
        services.partner_update(partner=adb, actor=partner_user, version=1, name="Ramboll")

    assert "name" in error.value.message_dict


# --- Twinnings --------------------------------------------------------------------------------


def test_asec_records_and_updates_a_twinning(asec_user, da_nang, adb, environment):
    twinning = services.twinning_create(
        actor=asec_user,
        city=da_nang,
        counterpart_city="Yokohama",
        counterpart_country="jp",
        partner=adb,
        start_year=2019,
        focus_areas=[environment],
    )
    assert (twinning.counterpart_country, list(twinning.focus_areas.all())) == ("JP", [environment])

    services.twinning_update(twinning=twinning, actor=asec_user, status="concluded")

    twinning.refresh_from_db()
    assert twinning.status == "concluded"


@pytest.mark.parametrize("persona", ["official-da-nang", "partner-adb", "nr-vn", "anonymous"])
def test_only_asec_records_twinnings(personas, persona, da_nang):
    with pytest.raises(PermissionDenied):
        services.twinning_create(
            actor=personas[persona],
            city=da_nang,
            counterpart_city="Yokohama",
            counterpart_country="JP",
            start_year=2019,
        )


def test_a_twinning_counterpart_must_be_outside_asean(asec_user, da_nang):
    with pytest.raises(ValidationError) as error:
        services.twinning_create(
            actor=asec_user,
            city=da_nang,
            counterpart_city="Singapore",
            counterpart_country="SG",
            start_year=2019,
        )

    assert "counterpart_country" in error.value.message_dict


def test_the_same_pair_cannot_be_recorded_twice(asec_user, da_nang):
    f.TwinningFactory(city=da_nang, counterpart_city="Yokohama")

    with pytest.raises(ValidationError):
        services.twinning_create(
            actor=asec_user,
            city=da_nang,
            counterpart_city="Yokohama",
            counterpart_country="JP",
            start_year=2019,
        )


# --- Opportunities ----------------------------------------------------------------------------


def test_da_nang_official_posts_an_opportunity_for_a_project(
    da_nang, da_nang_official, infrastructure, support
):
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), seeking_partners=True)

    opportunity = services.opportunity_create(
        city=da_nang,
        actor=da_nang_official,
        title="Smart parking partners",
        description="We look for a solution provider.",
        focus_areas=[infrastructure],
        support_sought=[support["solutions"]],
        closing_date=TODAY + datetime.timedelta(days=30),
        project=project,
    )

    assert (opportunity.status, opportunity.project, opportunity.created_by) == (
        "open",
        project,
        da_nang_official,
    )
    assert list(opportunity.support_sought.all()) == [support["solutions"]]


def _post(city, actor, **overrides):
    kwargs = {
        "city": city,
        "actor": actor,
        "title": "Help wanted",
        "description": "Details.",
        "focus_areas": [f.FocusAreaFactory()],
        "support_sought": [],
    }
    return services.opportunity_create(**{**kwargs, **overrides})


@pytest.mark.parametrize("persona", ["official-bangkok", "partner-adb", "nr-vn", "asec"])
def test_only_the_city_posts_its_opportunities(personas, persona, da_nang):
    with pytest.raises(PermissionDenied):
        _post(da_nang, personas[persona])


def test_a_city_cannot_post_for_another_city_project(da_nang, bangkok, da_nang_official):
    bangkok_project = f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok))

    with pytest.raises(ValidationError) as error:
        _post(da_nang, da_nang_official, project=bangkok_project)

    assert "project" in error.value.message_dict


def test_an_opportunity_needs_a_focus_area_and_a_future_closing_date(da_nang, da_nang_official):
    with pytest.raises(ValidationError) as error:
        _post(
            da_nang,
            da_nang_official,
            focus_areas=[],
            closing_date=TODAY - datetime.timedelta(days=1),
        )

    assert set(error.value.message_dict) == {"focus_areas", "closing_date"}


def test_the_city_updates_its_opportunity_with_its_version(street_lights, da_nang_csco, support):
    updated = services.opportunity_update(
        opportunity=street_lights,
        actor=da_nang_csco,
        version=1,
        title="LED street lights, phase 2",
        support_sought=[support["funding"], support["technical-assistance"]],
    )

    assert (updated.title, updated.version) == ("LED street lights, phase 2", 2)
    assert updated.support_sought.count() == 2


def test_a_stale_opportunity_edit_is_a_conflict(street_lights, da_nang_official):
    services.opportunity_update(
        opportunity=street_lights, actor=da_nang_official, version=1, title="New"
    )

    with pytest.raises(VersionConflict):
        services.opportunity_update(
            opportunity=street_lights, actor=da_nang_official, version=1, title="Lost"
        )

    street_lights.refresh_from_db()
    assert street_lights.title == "New"


def test_bangkok_official_cannot_edit_or_close_da_nang_opportunity(street_lights, bangkok_official):
    with pytest.raises(PermissionDenied):
        services.opportunity_update(
            opportunity=street_lights, actor=bangkok_official, version=1, title="Ours"
        )
    with pytest.raises(PermissionDenied):
        services.opportunity_close(opportunity=street_lights, actor=bangkok_official)


def test_the_city_closes_its_opportunity_once(street_lights, da_nang_official):
    closed = services.opportunity_close(opportunity=street_lights, actor=da_nang_official)
    assert closed.status == "closed"

    with pytest.raises(ValidationError):
        services.opportunity_close(opportunity=closed, actor=da_nang_official)


# --- Interests --------------------------------------------------------------------------------


def test_partner_expresses_interest_and_both_sides_are_told(
    street_lights,
    adb,
    partner_user,
    da_nang_official,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.interest_create(
            opportunity=street_lights,
            partner=adb,
            message="  We can fund it.  ",
            actor=partner_user,
        )

    assert (interest.status, interest.message, interest.created_by) == (
        "pending",
        "We can fund it.",
        partner_user,
    )
    assert {tuple(mail.to) for mail in mailoutbox} == {
        ("official-da-nang@example.org",),
        ("partner-adb@example.org",),
    }
    to_city = next(m for m in mailoutbox if m.to == ["official-da-nang@example.org"])
    assert "Asian Development Bank" in to_city.subject
    assert "We can fund it." in to_city.body
    assert "/opportunities/inbox/" in to_city.body


def test_partner_user_cannot_express_interest_for_another_partner(
    street_lights, ramboll, partner_user
):
    with pytest.raises(PermissionDenied):
        services.interest_create(
            opportunity=street_lights, partner=ramboll, message="Hi", actor=partner_user
        )


@pytest.mark.parametrize("persona", ["official-da-nang", "asec", "nr-vn", "anonymous"])
def test_only_partner_users_express_interest(personas, persona, street_lights, adb):
    with pytest.raises(PermissionDenied):
        services.interest_create(
            opportunity=street_lights, partner=adb, message="Hi", actor=personas[persona]
        )


@pytest.mark.parametrize(
    "change",
    [{"status": "closed"}, {"status": "matched"}, {"closing_date": TODAY - datetime.timedelta(1)}],
)
def test_partner_cannot_express_interest_in_an_opportunity_no_longer_open(
    street_lights, adb, partner_user, change
):
    Opportunity.objects.filter(pk=street_lights.pk).update(**change)
    street_lights.refresh_from_db()

    with pytest.raises(ValidationError, match="no longer open"):
        services.interest_create(
            opportunity=street_lights, partner=adb, message="Hi", actor=partner_user
        )


def test_a_second_interest_from_the_same_partner_is_a_clear_error(adb_interest, adb, partner_user):
    with pytest.raises(ValidationError, match="already expressed interest"):
        services.interest_create(
            opportunity=adb_interest.opportunity, partner=adb, message="Again", actor=partner_user
        )
    assert Interest.objects.count() == 1


def test_an_empty_message_is_refused(street_lights, adb, partner_user):
    with pytest.raises(ValidationError) as error:
        services.interest_create(
            opportunity=street_lights, partner=adb, message="  ", actor=partner_user
        )

    assert "message" in error.value.message_dict


def test_accepting_creates_the_partnership_and_marks_the_opportunity_matched(
    adb_interest, ramboll, da_nang_official, mailoutbox, django_capture_on_commit_callbacks, support
):
    other = f.InterestFactory(opportunity=adb_interest.opportunity, partner=ramboll)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.interest_accept(
            interest=adb_interest, actor=da_nang_official, message="Welcome aboard."
        )

    assert (accepted.status, accepted.decided_by) == ("accepted", da_nang_official)
    assert accepted.decided_at is not None
    partnership = Partnership.objects.get()
    assert (partnership.project, partnership.partner, partnership.interest) == (
        adb_interest.opportunity.project,
        adb_interest.partner,
        adb_interest,
    )
    assert list(partnership.support.all()) == [support["funding"]]
    opportunity = Opportunity.objects.get(pk=adb_interest.opportunity_id)
    assert (opportunity.status, opportunity.version) == ("matched", 2)
    other.refresh_from_db()
    assert other.status == "pending"
    assert len(mailoutbox) == 1  # the ADB has no user with an address; the city is told
    assert "accepted" in mailoutbox[0].subject


def test_both_sides_are_told_of_a_decision(
    adb_interest, partner_user, da_nang_official, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decline(
            interest=adb_interest, actor=da_nang_official, message="Not this year."
        )

    to_partner = next(m for m in mailoutbox if m.to == ["partner-adb@example.org"])
    assert "declined" in to_partner.body
    assert "Not this year." in to_partner.body
    assert any(m.to == ["official-da-nang@example.org"] for m in mailoutbox)


def test_accepting_without_a_project_only_marks_the_opportunity_matched(
    adb_interest, da_nang_official
):
    Opportunity.objects.filter(pk=adb_interest.opportunity_id).update(project=None)
    adb_interest.refresh_from_db()

    services.interest_accept(interest=adb_interest, actor=da_nang_official)

    assert not Partnership.objects.exists()
    assert Opportunity.objects.get(pk=adb_interest.opportunity_id).status == "matched"


def test_an_existing_partnership_on_the_project_is_kept(adb_interest, da_nang_official):
    Partnership.objects.create(
        project=adb_interest.opportunity.project, partner=adb_interest.partner, start_year=2020
    )

    services.interest_accept(interest=adb_interest, actor=da_nang_official)

    assert Partnership.objects.get().start_year == 2020


@pytest.mark.parametrize("persona", ["official-bangkok", "partner-adb", "asec", "nr-vn"])
def test_only_the_opportunity_city_accepts_or_declines(personas, persona, adb_interest):
    for decide in (services.interest_accept, services.interest_decline):
        with pytest.raises(PermissionDenied):
            decide(interest=adb_interest, actor=personas[persona])
    adb_interest.refresh_from_db()
    assert adb_interest.status == "pending"


def test_an_answered_interest_cannot_be_answered_again(adb_interest, da_nang_official):
    services.interest_decline(interest=adb_interest, actor=da_nang_official)

    with pytest.raises(ValidationError, match="already been answered"):
        services.interest_accept(interest=adb_interest, actor=da_nang_official)
    assert not Partnership.objects.exists()


def test_partner_withdraws_a_pending_interest_and_the_city_is_told(
    adb_interest, partner_user, da_nang_official, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.interest_withdraw(interest=adb_interest, actor=partner_user)

    assert withdrawn.status == "withdrawn"
    assert [m.to for m in mailoutbox] == [["official-da-nang@example.org"]]


def test_another_partner_cannot_withdraw_an_interest(adb_interest, ramboll_user):
    with pytest.raises(PermissionDenied):
        services.interest_withdraw(interest=adb_interest, actor=ramboll_user)


def test_an_answered_interest_cannot_be_withdrawn(adb_interest, partner_user, da_nang_official):
    services.interest_accept(interest=adb_interest, actor=da_nang_official)

    with pytest.raises(ValidationError):
        services.interest_withdraw(interest=adb_interest, actor=partner_user)
