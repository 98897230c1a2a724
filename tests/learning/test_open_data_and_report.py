"""Published case studies reach the open data and the annual report's highlighted projects;
drafts never do. Twinnings between ASCN cities are kept apart from those outside ASEAN."""

import io
import json
import zipfile

import pytest

from partners.models import Twinning
from reports.annual.breakdowns import focus_area_sections
from reports.annual.context import partnerships
from reports.open_data.files import open_data_zip
from reports.selectors import Scope
from tests.learning.conftest import case_study

pytestmark = pytest.mark.django_db


def dataset(name):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip()))
    return json.loads(archive.read(f"json/{name}.json"))


def test_open_data_has_published_case_studies_only(net):
    case_study(net.meters, net.asec, status="published", publisher=net.asec, title="Meters")
    case_study(net.water, net.personas["official-da-nang"], title="Draft of water")
    case_study(net.signals, net.asec, status="in_review", title="Signals in review")
    rows = dataset("case_studies")
    assert [(row["title"], row["city"], row["project"]) for row in rows] == [
        ("Meters", "ha-noi", net.meters.pk)
    ]


def test_open_data_tells_twinnings_inside_asean_apart(net, ha_noi, da_nang):
    Twinning.objects.create(
        city=da_nang,
        counterpart_ascn_city=ha_noi,
        counterpart_city="Ha Noi",
        counterpart_country="VN",
        start_year=2026,
    )
    (row,) = dataset("twinnings")
    assert row["counterpart_ascn_city"] == "ha-noi"


def scope(year=2025):
    return Scope(year=year, published_only=True)


def test_a_published_case_study_is_in_the_report_highlights_a_draft_is_not(net, ha_noi):
    published = case_study(net.meters, net.asec, status="published", publisher=net.asec)
    case_study(net.signals, net.asec, title="Not yet")
    highlights = [h for area in focus_area_sections(scope()) for h in area["highlights"]]
    studies = {h["title"]: h["case_study"] for h in highlights}
    assert studies["Smart Water Meters"]["title"] == published.title
    assert studies["Smart Water Meters"]["url"].endswith(published.get_absolute_url())
    assert studies["Adaptive Traffic Signals"] is None


def test_the_report_keeps_twinnings_inside_asean_apart(net, ha_noi, da_nang):
    Twinning.objects.create(
        city=da_nang,
        counterpart_ascn_city=ha_noi,
        counterpart_city="Ha Noi",
        counterpart_country="VN",
        start_year=2024,
    )
    Twinning.objects.create(
        city=da_nang, counterpart_city="Yokohama", counterpart_country="JP", start_year=2019
    )
    section = partnerships(scope())
    assert [row[1] for row in section["twinnings"]["rows"]] == ["Yokohama"]
    assert [row[1] for row in section["twinnings_asean"]["rows"]] == ["Ha Noi"]
