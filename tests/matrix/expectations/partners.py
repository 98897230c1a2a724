"""The marketplace: the public browses partners, twinnings and open opportunities; a city posts
and answers opportunities for itself only; a partner user speaks for its own partner only;
ASEC records twinnings and may edit any partner profile."""

from accounts.models import User
from partners.models import Partner, ProviderApplication
from tests import factories as f
from tests.matrix.spec import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    ReadOnly,
    Write,
    by_role,
    everyone,
    only_asec,
)


def opportunity(world, city):
    return f.OpportunityFactory(city=world.city(city), focus_areas=[world.focus_area()])


def interest(world, city):
    return f.InterestFactory(opportunity=opportunity(world, city), partner=world.fixture("adb"))


def adb(world, city):
    return world.fixture("adb")


def twinning(world, city):
    return f.TwinningFactory(city=world.city("da-nang"))


def adb_user(world, city):
    return world.persona("partner-adb")


def application(world, city):
    return ProviderApplication.objects.create(
        name="Matrix Provider",
        website="https://provider.example.org",
        summary="Sensors.",
        contact_name="Le Van An",
        email="an@provider.example.org",
    )


def status_is(status):
    return lambda target: ProviderApplication.objects.get(pk=target.pk).status == status


def pk(obj) -> dict:
    return {"pk": obj.pk}


def slug(obj) -> dict:
    return {"slug": obj.slug}


CITY_USERS_ONLY = {
    None: {
        "official-da-nang": OK,
        "csco-da-nang": OK,
        "official-bangkok": OK,
        "nr-vn": FORBIDDEN,
        "nr-th": FORBIDDEN,
        "asec": FORBIDDEN,
        "partner-adb": FORBIDDEN,
        "anonymous": LOGIN,
    }
}
PARTNER_AND_ASEC = {
    None: {
        "official-da-nang": FORBIDDEN,
        "csco-da-nang": FORBIDDEN,
        "official-bangkok": FORBIDDEN,
        "nr-vn": FORBIDDEN,
        "nr-th": FORBIDDEN,
        "asec": OK,
        "partner-adb": OK,
        "anonymous": LOGIN,
    }
}
OWN_CITY_ANSWERS = by_role(
    city_official=OK,
    other_city=NOT_FOUND,
    own_rep=NOT_FOUND,
    other_rep=NOT_FOUND,
    asec=FORBIDDEN,
    partner=FORBIDDEN,
)
OWN_CITY_EDITS = by_role(
    city_official=OK,
    other_city=FORBIDDEN,
    own_rep=FORBIDDEN,
    other_rep=FORBIDDEN,
    asec=FORBIDDEN,
    partner=FORBIDDEN,
)

URLS = {
    "partners:list": ReadOnly(),
    "partners:detail": ReadOnly(setup=adb, kwargs=slug),
    "partners:twinnings": ReadOnly(),
    "partners:opportunities": ReadOnly(),
    "partners:opportunity": ReadOnly(setup=opportunity, kwargs=pk),
    "partners:inbox": ReadOnly(),
    "partners:my_interests": ReadOnly(),
    "partners:recommended": ReadOnly(),
    "partners:city_recommendations": ReadOnly(setup=lambda w, c: w.city("da-nang"), kwargs=slug),
    "partners:edit": Write(setup=adb, kwargs=slug, expect=PARTNER_AND_ASEC),
    "partners:portfolio": ReadOnly(setup=adb, kwargs=slug),
    # Anyone may apply to be listed; a form shown again with its errors counts as success.
    "partners:apply": Write(kwargs=lambda target: {}, expect=everyone(OK)),
    "partners:applications": ReadOnly(),
    "partners:application_approve": Write(
        setup=application, kwargs=pk, changed=status_is("approved"), expect=only_asec()
    ),
    "partners:application_decline": Write(
        setup=application, kwargs=pk, changed=status_is("declined"), expect=only_asec()
    ),
    "partners:create": Write(
        kwargs=lambda target: {},
        data=lambda target: {"name": "Matrix Foundation", "kind": "ngo"},
        changed=lambda target: Partner.objects.filter(name="Matrix Foundation").exists(),
        expect=only_asec(),
    ),
    "partners:users": Write(
        setup=adb,
        kwargs=slug,
        data=lambda target: {"email": "matrix@example.org"},
        changed=lambda target: User.objects.filter(email="matrix@example.org").exists(),
        expect=only_asec(),
    ),
    "partners:user_deactivate": Write(
        setup=adb_user,
        kwargs=lambda user: {"slug": user.partner.slug, "pk": user.pk},
        changed=lambda user: not User.objects.get(pk=user.pk).is_active,
        expect=only_asec(),
    ),
    "partners:twinning_create": Write(kwargs=lambda target: {}, expect=only_asec()),
    "partners:twinning_edit": Write(setup=twinning, kwargs=pk, expect=only_asec()),
    "partners:opportunity_create": Write(kwargs=lambda target: {}, expect=CITY_USERS_ONLY),
    "partners:opportunity_edit": Write(setup=opportunity, kwargs=pk, expect=OWN_CITY_EDITS),
    "partners:opportunity_close": Write(setup=opportunity, kwargs=pk, expect=OWN_CITY_EDITS),
    "partners:interest_create": Write(
        setup=opportunity,
        kwargs=pk,
        data=lambda target: {"message": "We can help with financing."},
        expect=by_role(
            city_official=FORBIDDEN,
            other_city=FORBIDDEN,
            own_rep=FORBIDDEN,
            other_rep=FORBIDDEN,
            asec=FORBIDDEN,
            partner=OK,
        ),
    ),
    "partners:interest_accept": Write(setup=interest, kwargs=pk, expect=OWN_CITY_ANSWERS),
    "partners:interest_decline": Write(setup=interest, kwargs=pk, expect=OWN_CITY_ANSWERS),
    "partners:interest_withdraw": Write(
        setup=interest,
        kwargs=pk,
        expect=by_role(
            city_official=FORBIDDEN,
            other_city=NOT_FOUND,
            own_rep=NOT_FOUND,
            other_rep=NOT_FOUND,
            asec=FORBIDDEN,
            partner=OK,
        ),
    ),
}
