"""ASEC picks a focus area's highlighted project on the narrative page in a real browser (issue
16, point 1), the page checked with axe-core before and after saving."""

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.test_plan_journey import sign_in

pytestmark = pytest.mark.browser


def test_asec_picks_a_highlighted_project_and_edits_its_story(
    new_page, assert_accessible, transactional_db, tmp_path
):
    transport = f.FocusAreaFactory(code="transport", name="Transport")
    asec = f.UserFactory(username="asec-highlights", role="asec")
    plan = f.ActionPlanFactory(city=f.CityFactory(slug="da-nang", name="Da Nang"))
    f.ProjectFactory(
        plan=plan, title="Bus rapid transit", summary="Faster buses.", focus_areas=[transport]
    )
    f.publish_as_is(plan, asec)
    page = sign_in(new_page, assert_accessible, asec.username)
    page.goto("/reports/narrative/2024/en/")
    assert_accessible(page)
    area = page.get_by_role("group", name="Transport")
    area.get_by_label("Project").select_option(label="Bus rapid transit (Da Nang)")
    page.get_by_role("button", name="Save a new version").click()
    expect(area.get_by_label("Objective")).to_have_value("Faster buses.")  # from the project
    area.get_by_label("Objective").fill("Buses every five minutes.")
    page.get_by_role("button", name="Save a new version").click()
    expect(area.get_by_label("Objective")).to_have_value("Buses every five minutes.")
    assert_accessible(page)
    page.screenshot(path=tmp_path / "narrative.png", full_page=True)
