"""ASEC keeps the directory of appointments; national representatives propose changes (issue 20,
point 9)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cities import services
from cities.models import Appointment, AppointmentProposal
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


def a_csco(city, name="Nguyen Thi Lan", **extra):
    return f.AppointmentFactory(city=city, person_name=name, title="Director", **extra)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("official-da-nang", 403),
        ("partner-adb", 403),
        ("nr-vn", 200),
        ("asec", 200),
    ],
)
def test_who_opens_the_directory(personas, client_for, persona, status):
    assert client_for(personas[persona]).get("/directory/").status_code == status


def test_asec_records_a_csco_through_the_page(client_for, asec_user, da_nang):
    response = client_for(asec_user).post(
        "/directory/new/",
        {
            "kind": "csco",
            "country": da_nang.country.pk,
            "city": da_nang.pk,
            "person_name": "Tran Van Minh",
            "title": "Director of Information",
            "email": "minh@example.org",
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.current().get(city=da_nang).person_name == "Tran Van Minh"


def test_a_second_current_csco_is_refused_in_words_and_keeps_what_was_typed(
    client_for, asec_user, da_nang
):
    a_csco(da_nang)
    response = client_for(asec_user).post(
        "/directory/new/",
        {
            "kind": "csco",
            "country": da_nang.country.pk,
            "city": da_nang.pk,
            "person_name": "Tran Van Minh",
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already has a current CSCO" in html
    assert 'value="Tran Van Minh"' in html


def test_the_database_still_holds_the_one_current_csco_rule(da_nang):
    a_csco(da_nang)
    with pytest.raises(IntegrityError), transaction.atomic():
        a_csco(da_nang, name="Someone else")


def test_asec_ends_a_term_then_records_the_next(asec_user, da_nang):
    current = a_csco(da_nang)
    services.appointment_end(appointment=current, actor=asec_user, end_date=DAY)
    services.appointment_add(
        actor=asec_user,
        kind="csco",
        country=da_nang.country,
        city=da_nang,
        person_name="Next",
        start_date=DAY + datetime.timedelta(days=1),
    )
    assert Appointment.objects.current().get(city=da_nang).person_name == "Next"


def test_a_term_cannot_end_before_it_starts(asec_user, da_nang):
    current = a_csco(da_nang, start_date=DAY)
    with pytest.raises(ValidationError) as refused:
        services.appointment_end(
            appointment=current, actor=asec_user, end_date=DAY - datetime.timedelta(days=1)
        )
    assert "end_date" in refused.value.error_dict


def test_asec_corrects_a_misspelt_name(client_for, asec_user, da_nang):
    current = a_csco(da_nang, name="Nguyen Thi Lnn")
    response = client_for(asec_user).post(
        f"/directory/{current.pk}/edit/",
        {
            "kind": "csco",
            "country": da_nang.country.pk,
            "city": da_nang.pk,
            "person_name": "Nguyen Thi Lan",
            "title": "Director",
            "start_date": "2018-07-08",
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.person_name == "Nguyen Thi Lan" and current.is_current


def test_only_asec_writes_the_directory(da_nang_csco, viet_nam_rep, da_nang):
    for actor in (da_nang_csco, viet_nam_rep):
        with pytest.raises(PermissionDenied):
            services.appointment_add(
                actor=actor,
                kind="national_rep",
                country=da_nang.country,
                person_name="X",
                start_date=DAY,
            )


def test_national_rep_proposes_and_asec_confirms(client_for, viet_nam_rep, asec_user, da_nang):
    response = client_for(viet_nam_rep).post(
        "/directory/new/",
        {"kind": "csco", "city": da_nang.pk, "person_name": "Le Hoa", "start_date": "2025-02-01"},
    )
    assert response.status_code == 302
    proposal = AppointmentProposal.objects.get()
    assert not Appointment.objects.exists()  # nothing changes before ASEC confirms

    assert "Le Hoa" in client_for(asec_user).get("/directory/").content.decode()
    client_for(asec_user).post(f"/directory/proposals/{proposal.pk}/confirm/")

    proposal.refresh_from_db()
    assert proposal.status == "confirmed"
    assert Appointment.objects.current().get(city=da_nang).person_name == "Le Hoa"


def test_national_rep_proposes_the_end_of_a_term(client_for, viet_nam_rep, asec_user, da_nang):
    current = a_csco(da_nang)
    client_for(viet_nam_rep).post(f"/directory/{current.pk}/end/", {"end_date": "2025-03-31"})
    current.refresh_from_db()
    assert current.is_current
    proposal = AppointmentProposal.objects.get(action="end")
    services.proposal_confirm(proposal=proposal, actor=asec_user)
    current.refresh_from_db()
    assert current.end_date == datetime.date(2025, 3, 31)


def test_national_rep_cannot_propose_for_another_country(client_for, viet_nam_rep, bangkok):
    current = a_csco(bangkok)
    response = client_for(viet_nam_rep).post(
        f"/directory/{current.pk}/end/", {"end_date": "2025-03-31"}
    )
    assert response.status_code == 403
    assert not AppointmentProposal.objects.exists()


def test_national_rep_cannot_confirm_their_own_proposal(client_for, viet_nam_rep, da_nang):
    proposal = services.proposal_submit(
        actor=viet_nam_rep,
        country=da_nang.country,
        action="add",
        kind="national_rep",
        person_name="Pham Quoc",
        start_date=DAY,
    )
    response = client_for(viet_nam_rep).post(f"/directory/proposals/{proposal.pk}/confirm/")
    assert response.status_code == 403


def test_the_public_city_page_names_the_csco_but_keeps_contacts_for_members(
    client, client_for, da_nang_official, da_nang
):
    a_csco(da_nang, email="lan@danang.example")
    public = client.get(f"/cities/{da_nang.slug}/").content.decode()
    assert "Nguyen Thi Lan" in public and "Director" in public
    assert "lan@danang.example" not in public
    member = client_for(da_nang_official).get(f"/cities/{da_nang.slug}/").content.decode()
    assert "lan@danang.example" in member


@pytest.mark.parametrize("size", [2, 8])
def test_the_directory_runs_the_same_queries_whatever_the_size(
    client_for, asec_user, django_assert_num_queries, size
):
    for number in range(size):
        city = f.CityFactory(slug=f"city-{number}")
        a_csco(city, name=f"Person {number}")
        f.AppointmentFactory(city=city, end_date=DAY, start_date=datetime.date(2019, 1, 1))
    client = client_for(asec_user)
    # Session, user, demo marker, appointments, pending and answered proposals.
    with django_assert_num_queries(6):
        assert client.get("/directory/").status_code == 200
