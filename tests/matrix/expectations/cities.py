"""Cities and countries: public pages; the directory of appointments: ASEC keeps it, national
representatives propose changes for their own country (issue 20, point 9)."""

import datetime

from cities.models import AppointmentProposal
from tests import factories as f
from tests.matrix.spec import FORBIDDEN, LOGIN, OK, PERSONAS, ReadOnly, Write, by_role


def appointment(world, city):
    """An alternate representative of the city's country: the demo world has its current CSCOs
    already, and a city has one at a time."""
    return f.AppointmentFactory(
        kind="alternate_rep",
        city=None,
        country=world.city(city).country,
        start_date=datetime.date(2020, 1, 1),
    )


def proposal(world, city):
    target = world.city(city)
    rep = f.UserFactory(role="national_rep", country=target.country)
    return AppointmentProposal.objects.create(
        action="add",
        country=target.country,
        kind="national_rep",
        person_name="Matrix Person",
        start_date=datetime.date(2025, 1, 1),
        proposed_by=rep,
    )


def pk(target):
    return {"pk": target.pk}


ASEC_AND_REPRESENTATIVES = {
    None: {
        **dict.fromkeys(PERSONAS, FORBIDDEN),
        "asec": OK,
        "nr-vn": OK,
        "nr-th": OK,
        "anonymous": LOGIN,
    }
}
ONLY_ASEC = {
    city: {**dict.fromkeys(PERSONAS, FORBIDDEN), "asec": OK, "anonymous": LOGIN}
    for city in ("da-nang", "bangkok")
}

URLS = {
    "cities:list": ReadOnly(),
    "cities:detail": ReadOnly(kwargs=lambda target: {"slug": "da-nang"}),
    "cities:country": ReadOnly(kwargs=lambda target: {"code": "VN"}),
    "cities:appointments": ReadOnly(),
    "cities:appointment_add": Write(kwargs=lambda target: {}, expect=ASEC_AND_REPRESENTATIVES),
    "cities:appointment_correct": Write(setup=appointment, kwargs=pk, expect=ONLY_ASEC),
    "cities:appointment_end": Write(
        setup=appointment,
        kwargs=pk,
        data=lambda target: {"end_date": "2025-12-31"},
        expect=by_role(
            city_official=FORBIDDEN,
            other_city=FORBIDDEN,
            own_rep=OK,
            other_rep=FORBIDDEN,
            asec=OK,
            partner=FORBIDDEN,
        ),
    ),
    "cities:proposal_confirm": Write(setup=proposal, kwargs=pk, expect=ONLY_ASEC),
    "cities:proposal_decline": Write(setup=proposal, kwargs=pk, expect=ONLY_ASEC),
}
