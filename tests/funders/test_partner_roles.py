"""On a clean install the real partners carry focus areas and support from their documented
roles, so matchmaking has something to score; ASEC's later choices survive a reload."""

from django.core.management import call_command

from action_plans.models import FocusArea
from cities.models import City
from partners.matchmaking import opportunities_for_partner
from partners.models import Partner, SupportType
from tests import factories as f


def _load():
    call_command("load_reference_data", verbosity=0)


def test_every_reference_partner_has_focus_areas_and_support(db):
    _load()

    partners = Partner.objects.all()
    assert partners.count() == 28
    assert not partners.filter(focus_areas=None).exists()
    assert not partners.filter(support_offered=None).exists()
    adb = Partner.objects.get(slug="asian-development-bank")
    assert set(adb.support_offered.values_list("code", flat=True)) >= {"funding"}


def test_matchmaking_scores_a_reference_partner_on_a_clean_install(db):
    _load()
    city = City.objects.get(slug="da-nang")
    opportunity = f.OpportunityFactory(city=city, title="Flood-resilient drainage")
    opportunity.focus_areas.set([FocusArea.objects.get(code="built-infrastructure")])
    opportunity.support_sought.set([SupportType.objects.get(code="funding")])

    matches = opportunities_for_partner(Partner.objects.get(slug="asian-development-bank"))

    assert [m.obj for m in matches] == [opportunity]
    assert matches[0].score > 0


def test_reloading_keeps_the_focus_areas_asec_chose(db):
    _load()
    adb = Partner.objects.get(slug="asian-development-bank")
    adb.focus_areas.set([FocusArea.objects.get(code="health-well-being")])

    _load()

    assert list(adb.focus_areas.values_list("code", flat=True)) == ["health-well-being"]
