"""Public text is public-grade (issue 12, point 9): what the public reads — pages, open data and
the published report's HTML, PDF and XLSX — carries no internal note of the reference data
("(source: S4)", "unverified", source keys), no raw code where a label belongs (`on_track`) and
no number in its programming form (`45500.0`, `Decimal('…')`).

The real reference data is loaded, Da Nang has a published plan with projects in every stage and
update status, and the report of 2025 is built and published; a scanner reads it all."""

import io
import json
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from action_plans.models import FocusArea, Stage, UpdateStatus
from cities.models import City, Country
from meetings.models import Meeting
from partners.models import Partner
from reports.open_data.files import open_data_zip
from reports.services import report_publish
from tests import factories as f
from tests.conftest import committed_rows
from tests.reports.building import build_report, eager_celery, publish

# Notes the reference files keep for the team: "(source: S4)", "(unverified)", "S9; N12",
# "seed 004". Source keys are a letter and one or two digits, as `ascn_reference.md` defines them.
INTERNAL_NOTE = re.compile(r"\(source: S\d|\bunverified\b|\b[SNP]\d{1,2}\b|\bseed \d{3}\b", re.I)
# A code with an underscore is never English (`on_track`, `development_bank`, `in_person`).
SNAKE_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# A number as Python prints it, not as a reader expects it ("20.0 KB" is how file sizes read).
PROGRAM_NUMBER = re.compile(r"\b\d+\.0\b(?![\s\xa0]?[KMG]B)|Decimal\(|\b\d{5,}\.\d+\b")


def choice_codes() -> set[str]:
    """Every stored code of the portal's choice fields whose label differs from it."""
    return {
        str(value)
        for model in apps.get_models()
        for field in model._meta.fields
        for value, label in field.flatchoices
        if isinstance(value, str) and value and value != str(label)
    }


class _Text(HTMLParser):
    """The text a person reads in a page: text nodes outside scripts and styles."""

    def __init__(self):
        super().__init__()
        self.nodes: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.nodes.append(data.strip())


def page_text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def problems(texts, *, whole_codes=frozenset()) -> list[str]:
    """What a reader should not see, with the text it was found in."""
    found = []
    for text in texts:
        for pattern in (INTERNAL_NOTE, SNAKE_CODE, PROGRAM_NUMBER):
            found += [f"{match.group()!r} in {text[:120]!r}" for match in pattern.finditer(text)]
        if text in whole_codes:
            found.append(f"raw code {text!r}")
    return found


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker, tmp_path_factory):
    """Reference data, a published Da Nang plan and the published report of 2025.

    Outside a test transaction `transaction.on_commit` runs at once: the report job runs eagerly
    as soon as it is requested."""
    with committed_rows(django_db_blocker):
        call_command("load_reference_data", stdout=io.StringIO())
        asec = f.UserFactory(username="asec-scanner", role=f.Role.ASEC)
        _published_plan(City.objects.get(slug="da-nang"), asec)
        with eager_celery(tmp_path_factory.mktemp("media")):
            report = build_report(2025, asec, narrative=True)
            report_publish(report=report, actor=asec)
            yield report


def _published_plan(city, asec):
    area = FocusArea.objects.get(code="built-infrastructure")
    plan = f.ActionPlanFactory(city=city)
    stages, statuses = list(Stage.values), list(UpdateStatus.values)
    for number, (stage, status) in enumerate(zip(stages * 2, statuses + statuses[:3], strict=True)):
        project = f.ProjectFactory(
            plan=plan,
            title=f"Smart works {number}",
            stage=stage,
            funding_model=["public", "ppp", "grant"][number % 3],
            budget_usd=Decimal("45500.00") * (number + 1),
            focus_areas=[area],
        )
        f.ProgressUpdateFactory(project=project, year=2025, status=status, percent_complete=45)
        f.IndicatorFactory(project=project, baseline_value=Decimal("12.0"))
    publish(plan, asec)


PUBLIC_PAGES = ["/", "/cities/", "/partners/", "/twinnings/", "/opportunities/", "/meetings/"]


def public_urls(report) -> list[str]:
    plan = City.objects.get(slug="da-nang").action_plans.get()
    return [
        *PUBLIC_PAGES,
        "/progress/",
        "/reports/",
        f"/reports/{report.pk}/",
        plan.get_absolute_url(),
        *[f"/projects/{pk}/" for pk in plan.projects.values_list("pk", flat=True)],
        *[f"/cities/{slug}/" for slug in City.objects.values_list("slug", flat=True)],
        *[f"/countries/{code}/" for code in Country.objects.values_list("code", flat=True)],
        *[f"/partners/{slug}/" for slug in Partner.objects.values_list("slug", flat=True)],
        *[f"/meetings/{pk}/" for pk in Meeting.objects.values_list("pk", flat=True)],
    ]


@pytest.mark.django_db
def test_public_pages_show_no_internal_note_raw_code_or_program_number(network):
    client, codes, found = Client(), choice_codes(), {}
    for url in public_urls(network):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = problems(page_text_nodes(response.content.decode()), whole_codes=codes)

    assert {url: where for url, where in found.items() if where} == {}


@pytest.mark.django_db
def test_the_published_report_html_pdf_and_xlsx_read_as_prose(network):
    codes = choice_codes()
    html = page_text_nodes(network.html_file.read().decode())
    pdf = [page.extract_text() for page in PdfReader(io.BytesIO(network.pdf_file.read())).pages]
    workbook = load_workbook(io.BytesIO(network.xlsx_file.read()))
    cells = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]

    assert problems(html, whole_codes=codes) == []
    assert problems(pdf) == []
    assert problems(cells, whole_codes=codes) == []


@pytest.mark.django_db
def test_the_report_json_and_open_data_carry_no_internal_note(network):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip()))
    texts = [archive.read(name).decode() for name in archive.namelist()]
    texts.append(network.json_file.read().decode())

    assert [match for text in texts for match in INTERNAL_NOTE.findall(text)] == []


@pytest.mark.django_db
def test_open_data_gives_a_label_beside_every_code(network):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip()))
    codes = choice_codes()
    unlabelled = {}
    for name in archive.namelist():
        if not name.startswith("json/"):
            continue
        for record in json.loads(archive.read(name)):
            unlabelled[name] = sorted(
                key
                for key, value in record.items()
                if value in codes and f"{key}_label" not in record
            )

    assert {name: keys for name, keys in unlabelled.items() if keys} == {}


def test_the_scanner_finds_what_it_looks_for():
    internal = [
        "Population 64,409 (source: S4)",
        "Luang Prabang (unverified)",
        "S9; N12",
        "seed 004",
        "on_track",
        "Budget 45500.0",
        "Decimal('45500.00')",
        "USD 1000000.00",
    ]

    assert [text for text in internal if not problems([text])] == []
    assert problems(["ongoing"], whole_codes={"ongoing"}) == ["raw code 'ongoing'"]


def test_the_scanner_passes_ordinary_prose():
    prose = [
        "Population 64,409",
        "Source: ASEAN Smart Cities Framework, 2018",
        "(source: Consolidated Smart City Action Plans, July 2018)",
        "Report (20.0\xa0KB)",
        "USD 45,500",
        "61.3%",
        "ISO 37120",
        "Smart City Action Plans 2018–2025",
        "16.0678, 108.2208",
    ]

    assert problems(prose) == []


@pytest.mark.django_db
def test_the_public_sees_when_a_report_was_published_not_its_job_state(client, client_for):
    from django.utils import timezone

    from reports.models import AnnualReport

    report = AnnualReport.objects.create(
        year=2025, status="succeeded", progress=100, published=True, published_at=timezone.now()
    )
    for url in ("/reports/", f"/reports/{report.pk}/"):
        text = " ".join(page_text_nodes(client.get(url).content.decode()))
        assert "Succeeded" not in text, url
    asec = f.UserFactory(role="asec")
    assert "Succeeded" in client_for(asec).get("/reports/").content.decode()
