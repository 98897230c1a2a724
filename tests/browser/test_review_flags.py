"""A flagged figure in a real browser, checked with axe-core: a Da Nang official reports a jump
from 27 % to 100 % with no narrative, sees what is flagged on the form and explains it; ASEC
reads the answer on the report under review."""

import datetime

import pytest
from playwright.sync_api import expect

from action_plans.services import cycles
from tests import factories as f
from tests.browser.test_plan_journey import sign_in

pytestmark = pytest.mark.browser


def test_the_city_sees_the_flag_while_typing_and_explains_it(
    new_page, assert_accessible, da_nang_plan, da_nang_official, asec_user, tmp_path
):
    cycle = f.ReportingCycleFactory(year=2025, status="open", deadline=datetime.date(2099, 1, 31))
    cycles.submissions_ensure(cycle=cycle)
    project = f.ProjectFactory(plan=da_nang_plan, title="Smart traffic", end_year=2026)
    f.ProgressUpdateFactory(project=project, year=2024, percent_complete=27)

    page = sign_in(new_page, assert_accessible, "official-da-nang")
    page.goto(f"/projects/{project.pk}/progress/2025/")
    page.get_by_label("Percent complete").fill("100")
    page.get_by_label("Status").select_option("completed")
    page.locator("textarea[name=narrative]").fill("")
    page.get_by_role("button", name="Save progress update").click()

    flags = page.locator("section.flags")
    expect(flags).to_contain_text("Percent complete jumped from 27 % in 2024 to 100 %")
    expect(flags).to_contain_text("completed but the update has no narrative")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "flags.png"), full_page=True)

    first = flags.locator("li.flag").first
    first.get_by_label("Explanation").fill("The contractor handed over in May; minutes attached.")
    first.get_by_role("button", name="Answer the flag").click()
    expect(page.get_by_text("Your answer to the flag was saved.")).to_be_visible()

    reviewer = sign_in(new_page, assert_accessible, "asec")
    reviewer.goto(f"/review/submissions/{cycle.submissions.get(city=da_nang_plan.city).pk}/")
    expect(reviewer.get_by_text("The contractor handed over in May")).to_be_visible()
    assert_accessible(reviewer)
    reviewer.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    reviewer.get_by_label("Question").fill("Who signed the handover?")
    reviewer.get_by_role("button", name="Send the query").click()
    expect(reviewer.get_by_text("The query was sent to the city.")).to_be_visible()
    assert_accessible(reviewer)
    reviewer.goto("/review/changes/?year=2025")
    expect(reviewer.get_by_role("heading", name="What changed in 2025 since 2024")).to_be_visible()
    assert_accessible(reviewer)
    reviewer.screenshot(path=str(tmp_path / "changes.png"), full_page=True)
