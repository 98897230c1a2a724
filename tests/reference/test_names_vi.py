"""Vietnamese all the way (issue 20, point 6): the reference vocabularies (countries, the ASCF's
outcomes, focus areas and components, GESI groups, support types) have Vietnamese names from
reference/data/names_vi.csv, each with its source; pages and e-mails in Vietnamese use them, the
codes stay as they are, and English stays English."""

import csv

import pytest
from django.core.management import call_command
from django.utils import translation

from action_plans.models import FocusArea, FrameworkComponent, GesiGroup, StrategicOutcome
from cities.models import Country
from core.mail import mail_deliver
from partners.models import SupportType
from reference.loader import REFERENCE_DIR
from tests import factories as f
from tests.test_i18n import compiled_catalogue  # noqa: F401 - the Vietnamese .mo, compiled

VOCABULARIES = (Country, StrategicOutcome, FocusArea, FrameworkComponent, GesiGroup, SupportType)


@pytest.fixture
def loaded(db):
    call_command("load_reference_data", verbosity=0)


def names_vi() -> list[dict]:
    with (REFERENCE_DIR / "names_vi.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_vietnamese_name_has_its_source():
    rows = names_vi()
    assert rows and all(row["name_vi"].strip() and row["source"].strip() for row in rows)


@pytest.mark.parametrize("model", VOCABULARIES, ids=lambda model: model.__name__)
def test_every_entry_of_the_vocabulary_has_a_vietnamese_name(loaded, model):
    entries = model.objects.all()
    assert entries
    assert [e.code for e in entries if not e.name_vi] == []
    assert [e.code for e in entries if e.name_vi == e.name_en] == []


def test_the_name_follows_the_language_and_the_code_stays(loaded):
    area = FocusArea.objects.get(code="built-infrastructure")
    assert area.name == "Built Infrastructure"
    with translation.override("vi"):
        area = FocusArea.objects.get(code="built-infrastructure")
        assert (area.name, str(area), area.code) == (
            "Cơ sở hạ tầng",
            "Cơ sở hạ tầng",
            "built-infrastructure",
        )
        assert Country.objects.get(code="TH").name == "Thái Lan"


def test_the_vietnamese_pages_show_the_vietnamese_names(loaded, client):
    client.cookies["django_language"] = "vi"
    html = client.get("/cities/").content.decode()
    assert "Thái Lan" in html and "Cơ sở hạ tầng" in html
    assert "Thailand" not in html


def area_mail(code: str) -> tuple[str, str]:
    area = FocusArea.objects.get(code=code)
    return area.name, f"{area.name} ({area.code})"


def test_an_e_mail_names_the_vocabulary_in_the_recipient_s_language(loaded, mailoutbox):
    reader_vi = f.UserFactory(username="reader-vi", language="vi")
    reader_en = f.UserFactory(username="reader-en", language="en")

    sent = mail_deliver(
        compose=f"{__name__}.area_mail",
        args=["safety-security"],
        user_ids=[reader_vi.pk, reader_en.pk],
        addresses=[],
    )

    assert sent == 2
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        reader_vi.email: "An toàn và an ninh",
        reader_en.email: "Safety and Security",
    }
