import pytest
from django.db import IntegrityError

from accounts.models import Role
from tests import factories as f


def test_personas_have_their_affiliations(personas):
    assert personas["official-da-nang"].city.slug == "da-nang"
    assert personas["nr-vn"].country.code == "VN"
    assert personas["partner-adb"].partner.slug == "asian-development-bank"


@pytest.mark.django_db
def test_city_official_without_a_city_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        f.UserFactory(username="orphan", role=Role.CITY_OFFICIAL, city=None)


@pytest.mark.django_db
def test_partner_user_without_a_partner_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        f.UserFactory(username="orphan-partner", role=Role.PARTNER)
