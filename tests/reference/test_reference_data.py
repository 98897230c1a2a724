import shutil
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from accounts.services import system_user
from action_plans.models import (
    CatalogueIndicator,
    FocusArea,
    FrameworkComponent,
    Indicator,
    PlanPeriod,
    StrategicOutcome,
)
from cities.models import AseanChair, City, Country, ShepherdTerm
from meetings.models import Document, Meeting
from partners.models import Partner, Twinning
from reference.loader import REFERENCE_DIR, ReferenceDataError, reference_data_load
from tests import factories as f

REFERENCE_MODELS = [
    Country,
    City,
    StrategicOutcome,
    FocusArea,
    FrameworkComponent,
    CatalogueIndicator,
    AseanChair,
    ShepherdTerm,
    Meeting,
    Document,
    Partner,
    Twinning,
]


def load() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def dump() -> str:
    return "".join(
        serializers.serialize("json", model.objects.order_by("pk")) for model in REFERENCE_MODELS
    )


@pytest.fixture
def loaded(db):
    load()


def test_loads_the_eleven_countries_and_thirty_eight_cities(loaded):
    assert Country.objects.count() == 11
    assert City.objects.count() == 38
    assert Country.objects.get(code="TL").asean_member_since == 2025


def test_the_twenty_six_pilots_joined_in_2018_and_later_members_keep_their_year(loaded):
    assert City.objects.pilots().count() == 26
    assert City.objects.get(slug="chiang-mai").joined_year == 2023
    assert City.objects.get(slug="dili").joined_year == 2026
    assert not City.objects.get(slug="dili").is_pilot


def test_cities_keep_their_native_spelling_and_population_source(loaded):
    da_nang = City.objects.get(slug="da-nang")
    assert da_nang.local_name == "Đà Nẵng"
    assert da_nang.country.code == "VN"
    assert da_nang.population_source == "S4"
    assert City.objects.get(slug="sumedang").population is None


def test_malaysia_has_more_than_three_cities(loaded):
    assert City.objects.filter(country__code="MY").count() >= 4


def test_loads_the_asean_smart_cities_framework_in_its_order(loaded):
    assert StrategicOutcome.objects.count() == 3
    assert list(FocusArea.objects.values_list("code", flat=True)) == [
        "civic-social",
        "health-well-being",
        "safety-security",
        "quality-environment",
        "built-infrastructure",
        "industry-innovation",
    ]
    assert FocusArea.objects.get(code="civic-social").position == 1
    assert FrameworkComponent.objects.filter(kind="enabler").count() == 2
    assert FrameworkComponent.objects.filter(kind="urban_system").count() == 2


def test_loads_the_asean_chairs_2018_to_2026(loaded):
    chairs = dict(AseanChair.objects.values_list("year", "country__code"))
    assert len(chairs) == 9
    assert chairs[2018] == "SG"
    assert chairs[2025] == "MY"
    assert chairs[2026] == "PH"


def test_the_shepherd_is_recorded_where_the_sources_know_it(loaded, client):
    terms = list(ShepherdTerm.objects.values_list("country__code", "kind", "start_date"))
    assert [(code, kind, str(day)) for code, kind, day in terms] == [
        ("SG", "elected", "2019-08-23"),
        ("SG", "renewed", "2021-08-30"),
    ]
    page = client.get("/countries/SG/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ASCN Shepherd:" in page and "last renewed on" in page
    assert "seed" not in page and "Summary of the 2nd ASCN Annual Meeting" in page


def test_loads_nine_annual_meetings_the_workshop_and_the_roundtable(loaded):
    assert Meeting.objects.count() == 11
    annual = Meeting.objects.filter(kind="annual")
    assert sorted(annual.values_list("number", flat=True)) == list(range(1, 10))
    assert Meeting.objects.filter(kind="workshop").count() == 1
    assert Meeting.objects.filter(kind="roundtable").count() == 1


def test_the_2026_meeting_is_announced_with_its_host_and_no_date(loaded):
    ninth = Meeting.objects.get(kind="annual", number=9)
    assert (ninth.year, ninth.host_country.code) == (2026, "PH")
    assert ninth.start_date is None and ninth.end_date is None
    assert "DILG" in ninth.summary or "Department of the Interior" in ninth.summary
    assert ninth.source == "N16; N17"


def test_the_plan_periods_and_ascap_come_from_the_reference_files(loaded):
    periods = dict(PlanPeriod.objects.values_list("code", "status"))
    assert periods == {"scap-2018-2025": "closed", "ascap-2026-2035": "current"}
    ascap = Document.objects.get(title="ASEAN Smart City Action Plan 2026–2035")
    assert ascap.adopted and ascap.meeting.number == 8
    assert ascap.source == "S10; N12"


def test_annual_meetings_are_titled_hosted_and_summarised(loaded):
    first = Meeting.objects.get(kind="annual", number=1)
    assert first.title == "1st ASCN Annual Meeting"
    assert first.host_city.slug == "singapore"
    assert first.host_country.code == "SG"
    assert first.summary.startswith("ASCF endorsed")
    assert first.source == "S3; S1; N1; N2"
    assert Meeting.objects.get(number=3).title == "3rd ASCN Annual Meeting"


def test_a_host_outside_the_network_is_kept_as_venue_text(loaded):
    bali = Meeting.objects.get(kind="annual", number=6)
    assert bali.host_city is None
    assert bali.venue == "Bali"
    assert Meeting.objects.get(kind="annual", number=7).format == ""


def test_documents_adopted_at_a_meeting_are_linked_to_it(loaded):
    assert Document.objects.count() == 10
    terms = Document.objects.get(title="ASCN Terms of Reference")
    assert terms.adopted
    assert terms.meeting.number == 2
    concept = Document.objects.get(title="ASCN Concept Note")
    assert not concept.adopted
    assert concept.meeting is None
    assert Document.objects.filter(adopted=True).count() == 4


def test_loads_partners_and_twinnings_with_their_partner(loaded):
    assert Partner.objects.count() == 28
    assert Partner.objects.get(slug="asian-development-bank").kind == "development_bank"
    assert Partner.objects.get(slug="fcm").kind == "city_network"
    assert Twinning.objects.count() == 6
    phuket = Twinning.objects.get(city__slug="phuket")
    assert phuket.partner.slug == "us-state-department"
    assert phuket.status == "active"


def test_every_reference_row_keeps_its_source(loaded):
    for model in REFERENCE_MODELS:
        assert not model.objects.filter(source="").exists(), model


def test_running_it_twice_changes_nothing(db):
    first = load()
    before = dump()
    counts = [model.objects.count() for model in REFERENCE_MODELS]

    second = load()

    # The two plan periods exist already: the data migration (or the test setup) made them.
    assert "161 created, 0 updated, 2 unchanged" in first
    assert "0 created, 0 updated, 163 unchanged" in second
    assert [model.objects.count() for model in REFERENCE_MODELS] == counts
    assert dump() == before


def test_running_it_again_restores_an_edited_reference_row(loaded):
    City.objects.filter(slug="da-nang").update(local_name="Da Nang")

    output = load()

    assert "0 created, 1 updated" in output
    assert City.objects.get(slug="da-nang").local_name == "Đà Nẵng"


def test_a_broken_reference_file_loads_nothing_and_names_the_line(db, tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    cities = tmp_path / "cities.csv"
    cities.write_text(
        cities.read_text(encoding="utf-8").replace(",VN,0,16.0678", ",XX,0,16.0678"),
        encoding="utf-8",
    )

    with pytest.raises(ReferenceDataError, match=r"cities.csv line \d+: unknown country 'XX'"):
        reference_data_load(directory=tmp_path)

    assert not Country.objects.exists()


def test_the_command_reports_a_missing_file_as_an_error(db, tmp_path, monkeypatch):
    monkeypatch.setattr("reference.loader.REFERENCE_DIR", tmp_path)
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_reference_data")


def test_every_catalogue_entry_was_checked_and_its_source_fits(loaded):
    limit = CatalogueIndicator._meta.get_field("source").max_length
    for entry in CatalogueIndicator.objects.all():
        assert "to check" not in entry.source, entry.code
        assert len(entry.source) <= limit, entry.code


def _without_catalogue_entry(directory, code: str) -> None:
    shutil.copytree(REFERENCE_DIR, directory, dirs_exist_ok=True)
    catalogue = directory / "indicator_catalogue.csv"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    catalogue.write_text("".join(x for x in lines if not x.startswith(f"{code},")), "utf-8")


def test_an_entry_the_catalogue_no_longer_lists_is_retired_and_its_indicators_stay(db, tmp_path):
    reference_data_load()
    entry = CatalogueIndicator.objects.get(code="SDG-11.6.2")
    indicator = f.IndicatorFactory(
        name="PM2.5", catalogue=entry, unit=entry.unit, direction=entry.direction
    )
    f.publish_as_is(indicator.project.plan, f.UserFactory())
    _without_catalogue_entry(tmp_path, "SDG-11.6.2")

    first = reference_data_load(directory=tmp_path)
    second = reference_data_load(directory=tmp_path)

    assert str(first).endswith(", 1 removed")
    assert "removed" not in str(second)
    assert not CatalogueIndicator.objects.filter(code="SDG-11.6.2").exists()
    copies = Indicator.objects.filter(name="PM2.5")  # the working copy and the published one
    assert copies.count() == 2
    for copy in copies:
        assert (copy.catalogue, copy.unit, copy.direction) == (None, "µg/m³", "decrease")
    working = Indicator.objects.get(pk=indicator.pk)
    assert working.version == indicator.version + 1
    change = working.history.first()
    assert change.history_user == system_user()
    assert change.history_change_reason == (
        "Catalogue entry SDG-11.6.2 withdrawn from the reference data"
    )
