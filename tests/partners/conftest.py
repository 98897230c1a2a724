"""Fixtures of the marketplace: the ASCF focus areas, the support types and a published plan."""

import pytest

from partners.models import SupportType
from tests import factories as f


@pytest.fixture
def infrastructure(db):
    return f.FocusAreaFactory(code="built-infrastructure", name="Built Infrastructure", position=5)


@pytest.fixture
def environment(db):
    return f.FocusAreaFactory(code="quality-environment", name="Quality Environment", position=4)


@pytest.fixture
def civic(db):
    return f.FocusAreaFactory(code="civic-social", name="Civic and Social", position=1)


@pytest.fixture
def support(db):
    """The support types by code (created by a data migration)."""
    return {kind.code: kind for kind in SupportType.objects.all()}


@pytest.fixture
def publish(asec_user):
    """Publish a plan so that the public (and matchmaking) may see its projects."""

    def make(plan):
        f.publish_as_is(plan, asec_user, revision=1)
        return plan

    return make


@pytest.fixture
def hue(viet_nam):
    return f.CityFactory(slug="hue", name="Hue", country=viet_nam, latitude="16.4637")
