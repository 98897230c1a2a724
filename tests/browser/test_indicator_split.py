"""The split of an indicator value in a real browser, checked with axe-core: a Da Nang official
splits the 2024 value by sex, mistypes one row, sees the message on that row with everything kept,
corrects it, adds a row with the enhancement's button and finds the split under the value on the
project page."""

import os

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.test_plan_journey import sign_in

pytestmark = pytest.mark.browser


def test_the_city_splits_a_value_by_sex_and_sees_it_on_the_project_page(
    new_page, assert_accessible, da_nang_plan, da_nang_official, tmp_path
):
    shots = os.environ.get("SCREENSHOTS_DIR", str(tmp_path))
    project = f.ProjectFactory(plan=da_nang_plan, title="Bus rapid transit")
    indicator = f.IndicatorFactory(project=project, name="Daily riders", unit="riders")

    page = sign_in(new_page, assert_accessible, "official-da-nang")
    page.goto(f"/indicators/{indicator.pk}/edit/")
    page.locator("input[name=value_2024]").fill("1000")
    rows = page.locator("fieldset.part-row")
    first, second = rows.nth(0), rows.nth(1)
    first.get_by_label("Year").select_option("2024")
    first.get_by_label("Sex").select_option("female")
    first.get_by_label("Value").fill("560")
    second.get_by_label("Year").select_option("2024")
    second.get_by_label("Sex").select_option("male")
    second.get_by_label("Value").fill("-440")
    page.get_by_role("button", name="Save indicator").click()

    bad = page.locator("fieldset.part-row-has-error")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text("A part cannot be negative when the value is not.")
    expect(rows.nth(0).get_by_label("Value")).to_have_value("560")
    assert_accessible(page)
    page.screenshot(path=f"{shots}/split-error.png", full_page=True)

    bad.get_by_label("Value").fill("440")
    page.get_by_role("button", name="Add a part").click()  # without JavaScript: save for more
    expect(rows).to_have_count(4)
    rows.nth(3).get_by_label("Year").select_option("2024")
    rows.nth(3).get_by_label("GESI target group").select_option(label="Older persons")
    rows.nth(3).get_by_label("Value").fill("120")
    page.get_by_role("button", name="Save indicator").click()
    expect(page.get_by_text("The indicator was saved.")).to_be_visible()

    page.goto(f"/projects/{project.pk}/")
    split = page.get_by_role("list", name="Split of the 2024 value")
    expect(split).to_contain_text("female: 560")
    expect(split).to_contain_text("male: 440")
    expect(split).to_contain_text("Older persons: 120")
    assert_accessible(page)
    page.screenshot(path=f"{shots}/split-project.png", full_page=True)
