"""ASEC writes the report's narrative (issue 16, point 1): saved as versions, used by the report,
required for publishing; its limits and its escaping."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import text_limits
from reports.annual import content
from reports.models import AnnualReport, ReportNarrative
from reports.services import narrative_save, report_publish

TEXTS = {
    "foreword": "The network grew.",
    "executive_summary": "Progress was steady.",
    "observations": "Cities should report on time.",
}


@pytest.fixture
def built_report(db):
    """A finished report, built with the narrative given (what pipeline._store records)."""

    def build(narrative):
        missing = [name for name, text in narrative.items() if not text]
        return AnnualReport.objects.create(
            year=2024, status="succeeded", progress=100, narrative_missing=missing
        )

    return build


def test_every_save_is_a_new_version_and_the_report_uses_the_latest(asec_user):
    narrative_save(year=2024, language="en", actor=asec_user, **TEXTS)
    narrative_save(year=2024, language="en", actor=asec_user, **{**TEXTS, "foreword": "Again."})
    assert list(ReportNarrative.objects.values_list("version", flat=True)) == [2, 1]
    assert content.narrative(2024)["foreword"] == "Again."
    assert content.narrative(2024, "vi") == dict.fromkeys(ReportNarrative.FIELDS, "")


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "partner-adb", "anonymous"])
def test_only_asec_writes_the_narrative(persona, personas):
    with pytest.raises(PermissionDenied):
        narrative_save(year=2024, language="en", actor=personas[persona], **TEXTS)


def test_an_oversize_narrative_is_refused_with_its_limit(asec_user):
    too_long = "x" * (text_limits.DESCRIPTION + 1)
    with pytest.raises(ValidationError) as refused:
        narrative_save(year=2024, language="en", actor=asec_user, observations=too_long)
    assert "at most 10000 characters" in str(refused.value.message_dict["observations"])
    assert not ReportNarrative.objects.exists()


def test_the_page_keeps_what_was_typed_when_it_is_too_long(asec_user, client_for):
    too_long = "y" * (text_limits.DESCRIPTION + 1)
    response = client_for(asec_user).post(
        "/reports/narrative/2024/en/", {**TEXTS, "foreword": too_long}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "at most 10000 characters" in page and too_long in page and TEXTS["observations"] in page


def test_asec_saves_the_narrative_from_the_page(asec_user, client_for):
    response = client_for(asec_user).post("/reports/narrative/2024/en/", TEXTS)
    assert response.status_code == 302
    assert ReportNarrative.objects.get().observations == TEXTS["observations"]


def test_the_narrative_page_is_asec_only(da_nang_official, client_for):
    assert client_for(da_nang_official).get("/reports/narrative/2024/en/").status_code == 403


def test_a_year_outside_the_network_has_no_narrative_page(asec_user, client_for):
    assert client_for(asec_user).get("/reports/narrative/2017/en/").status_code == 404


def test_publishing_is_refused_without_the_narrative_and_the_page_says_what_is_missing(
    built_report, asec_user, client_for
):
    report = built_report({**TEXTS, "observations": ""})
    with pytest.raises(ValidationError, match="Missing: observations and recommendations"):
        report_publish(report=report, actor=asec_user)
    page = client_for(asec_user).get(f"/reports/{report.pk}/").content.decode()
    assert "can be previewed but not published" in page
    assert "observations and recommendations" in page


def test_publishing_goes_ahead_with_the_whole_narrative(built_report, asec_user):
    report = report_publish(report=built_report(TEXTS), actor=asec_user)
    assert report.published
