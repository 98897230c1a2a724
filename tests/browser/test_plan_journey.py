"""A plan's journey in a real browser, checked with axe-core on every page visited: a Da Nang
official edits the plan, adds a project and reports progress; the CSCO submits; the Viet Nam
representative endorses; ASEC publishes; an anonymous visitor reads it."""

import re

import pytest
from playwright.sync_api import expect

from action_plans.models import PlanStatus, ProgressUpdate
from tests import factories as f
from tests.factories import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.browser


@pytest.fixture
def focus_areas(transactional_db):
    return [
        f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure"),
        f.FocusAreaFactory(code="health-and-well-being", name="Health and well-being"),
    ]


def sign_in(new_page, check, username):
    page = new_page()
    page.goto("/accounts/login/")
    check(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def visit(page, check, link_name):
    page.get_by_role("link", name=link_name, exact=True).first.click()
    page.wait_for_load_state()
    check(page)


def test_a_plan_goes_from_draft_to_published_in_the_browser(
    new_page,
    assert_accessible,
    da_nang_plan,
    da_nang_official,
    da_nang_csco,
    viet_nam_rep,
    asec_user,
    focus_areas,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    check = assert_accessible
    # The year the city reports for comes from the open reporting cycle: the plan's last year.
    f.ReportingCycleFactory(year=2025, status="open")

    # The Da Nang official edits the vision, adds a project and reports this year's progress.
    page = sign_in(new_page, check, "official-da-nang")
    page.goto("/my-city/")
    check(page)
    visit(page, check, "Smart City Action Plan 2018–2025")
    visit(page, check, "Edit plan and projects")
    page.get_by_label("Vision").fill("A liveable, green and connected Da Nang.")
    page.get_by_role("button", name="Save vision and targets").click()
    expect(page.get_by_text("The plan was saved.")).to_be_visible()
    check(page)

    visit(page, check, "Add a project")
    page.get_by_label("Title").fill("Smart traffic lights")
    page.get_by_label("Summary").fill("Adaptive signals on 120 junctions.")
    page.get_by_label("Built infrastructure").check()
    page.locator("#id_stage").select_option("ongoing")
    page.get_by_role("button", name="Add project").click()
    expect(page.get_by_role("heading", name="Edit project: Smart traffic lights")).to_be_visible()
    check(page)

    page.goto("/my-city/")
    check(page)
    page.get_by_role("link", name=re.compile("Report progress")).click()
    check(page)
    page.get_by_label("Percent complete").fill("40")
    page.get_by_label("Status").select_option("on_track")
    page.get_by_label("Progress").fill("First 50 junctions switched to adaptive control.")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "site-visit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Save progress update").click()
    expect(page.get_by_text("progress update was saved")).to_be_visible()
    check(page)
    assert ProgressUpdate.objects.get().evidence.get().original_name == "site-visit.pdf"

    # The CSCO submits it for endorsement.
    page = sign_in(new_page, check, "csco-da-nang")
    page.goto(da_nang_plan.get_absolute_url())
    check(page)
    page.get_by_role("button", name="Submit for endorsement").click()
    expect(page.get_by_text("The plan was submitted for endorsement.")).to_be_visible()
    check(page)

    # The Viet Nam representative finds it in the review queue and endorses it.
    page = sign_in(new_page, check, "nr-vn")
    visit(page, check, "Review")
    visit(page, check, "Da Nang 2018–2025")
    page.locator("#endorse_comment").fill("Consistent with the national smart city strategy.")
    page.get_by_role("button", name="Endorse").click()
    expect(page.get_by_text("The plan was endorsed.")).to_be_visible()
    check(page)

    # ASEC publishes it, and can read the history of changes.
    page = sign_in(new_page, check, "asec")
    visit(page, check, "Review")
    visit(page, check, "Da Nang 2018–2025")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The plan was published.")).to_be_visible()
    check(page)
    visit(page, check, "History of changes")
    expect(page.get_by_text("A liveable, green and connected Da Nang.").first).to_be_visible()
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.status == PlanStatus.PUBLISHED

    # An anonymous visitor reads the published plan and its project.
    page = new_page()
    page.goto(da_nang_plan.get_absolute_url())
    check(page)
    expect(page.get_by_text("A liveable, green and connected Da Nang.")).to_be_visible()
    visit(page, check, "Smart traffic lights")
    expect(page.get_by_text("First 50 junctions switched to adaptive control.")).to_be_visible()
