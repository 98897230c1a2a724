"""With the real M&E 2025 project list imported, the 2025 report's Exhibits 1–2 and Appendices
A–B are that list, exactly (issue: the portal's report follows the real one)."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from action_plans.models import ActionPlan
from reports.annual import content
from tests import factories as f
from tests.conftest import committed_rows

PROJECTS_2025 = Path(settings.BASE_DIR) / "reference" / "data" / "projects_2025.csv"

# The tests read the database: marked so, the session makes the test database even when this
# file runs alone (without a test that asks for it, the module fixture met the configured one).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report_2025(django_db_setup, django_db_blocker):
    """The reference data and the real 2025 list imported and published, once for the module;
    the database as the migrations left it afterwards."""
    with committed_rows(django_db_blocker):
        call_command("load_reference_data", stdout=io.StringIO())
        call_command("import_projects", str(PROJECTS_2025), "--year", "2025", stdout=io.StringIO())
        # The M&E report speaks of the plans as ASEC published them.
        publisher = f.UserFactory(role="asec")
        for plan in ActionPlan.objects.all():
            f.publish_as_is(plan, publisher)
        yield content.network_content(2025)


@pytest.fixture(scope="module")
def listed():
    with PROJECTS_2025.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_exhibit_1_counts_the_projects_of_each_focus_area(report_2025, listed):
    expected = Counter(row["focus_area"] for row in listed)
    rows = report_2025["exhibits"]["focus_areas"]["rows"]
    names = {area["name"]: area["code"] for area in report_2025["focus_areas"]}
    assert {names[name]: projects for name, projects, _share in rows} == expected
    assert sum(share for _n, _p, share in rows) == pytest.approx(100, abs=0.3)


def test_exhibit_2_splits_ongoing_and_completed_as_the_list_does(report_2025, listed):
    rows = dict(report_2025["exhibits"]["implementation"]["rows"][:4])
    assert rows == {"Planning": 0, "Ongoing": 116, "Completed": 18, "Cancelled": 0}
    assert Counter(row["status"] for row in listed) == {"ongoing_or_planning": 116, "completed": 18}


def _appendix(report, key):
    return {(row[2], row[3], row[4]) for row in report["appendices"][key]["rows"]}


def test_appendices_list_exactly_the_ongoing_and_the_completed_projects(report_2025, listed):
    from action_plans.models import FocusArea
    from cities.models import City

    with pytest.MonkeyPatch.context():
        pass
    city_names = dict(City.objects.values_list("slug", "name"))
    area_names = dict(FocusArea.objects.values_list("code", "name"))

    def expected(status):
        return {
            (city_names[r["city"]], r["title"], area_names[r["focus_area"]])
            for r in listed
            if r["status"] == status
        }

    assert _appendix(report_2025, "a") == expected("ongoing_or_planning")
    assert _appendix(report_2025, "b") == expected("completed")
    numbers = [row[0] for row in report_2025["appendices"]["a"]["rows"]]
    assert numbers == list(range(1, 117))
    headers = report_2025["appendices"]["b"]["headers"]
    assert headers == ["No.", "Country", "City", "Project", "Focus Area", "Status"]
