"""The portal works with the keyboard alone (SPEC §5): a skip link leads to the content, every
element the keyboard reaches shows that it has the focus, and a Da Nang official signs in, edits
the action plan, adds a project and reorders the projects without touching the mouse.

Only page.keyboard acts on the pages; locators just name the element the focus should reach."""

import pytest
from playwright.sync_api import expect

from action_plans.models import ActionPlan, Project
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

MAX_TABS = 60
FOCUS_INDICATOR = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== "none";
}"""


def has_focus(locator) -> bool:
    return locator.count() == 1 and locator.evaluate("el => el === document.activeElement")


def focus_is_visible(page) -> bool:
    """Whether the focused element shows it; when the focus has left the page for the browser's
    own controls (Tab past the last element), there is nothing to show."""
    return page.evaluate(
        f"""() => document.activeElement === document.body
            || ({FOCUS_INDICATOR})(document.activeElement)"""
    )


def press(page, key):
    page.keyboard.press(key)
    tag = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    assert focus_is_visible(page), f"no visible focus on {tag}"


def tab_to(page, locator, *, key="Tab"):
    """Press Tab (or Shift+Tab) until the locator's element has the focus, checking on the way
    that each element reached shows its focus."""
    for _ in range(MAX_TABS):
        if has_focus(locator):
            return
        press(page, key)
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {locator}")


def follow(page, locator):
    """Follow the link with Enter and wait for the next page: waiting for the load state alone
    may see the page being left, still loaded, when the machine is busy (two test processes), and
    the next Tab then lands on no element."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def retype(page, locator, text):
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


@pytest.fixture
def plan_with_projects(da_nang_plan, transactional_db):
    areas = [
        f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure"),
        f.FocusAreaFactory(code="health-and-well-being", name="Health and well-being"),
    ]
    for position, title in enumerate(["Flood sensors", "Open data portal"]):
        f.ProjectFactory(plan=da_nang_plan, title=title, position=position, focus_areas=areas[:1])
    return da_nang_plan


def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_the_content(new_page):
    page = new_page()
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert has_focus(skip)
    assert skip.bounding_box()["y"] >= 0, "the focused skip link is on screen"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_every_link_button_and_field_of_the_header_and_sign_in_form_shows_its_focus(new_page):
    page = new_page()
    page.goto("/accounts/login/")
    stops = page.locator("a[href], button, input:not([type=hidden]), select, textarea").count()

    reached = set()
    for _ in range(stops + 1):  # and once past the end of the page
        press(page, "Tab")
        reached.add(page.evaluate("() => document.activeElement.outerHTML"))
    assert len(reached - {page.evaluate("() => document.body.outerHTML")}) == stops


def test_an_official_edits_the_plan_and_adds_a_project_with_the_keyboard_alone(
    new_page, plan_with_projects, da_nang_official
):
    page = new_page()
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("official-da-nang")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    follow(page, page.get_by_role("link", name="My city"))
    follow(page, page.get_by_role("link", name="Smart City Action Plan 2018–2025"))
    follow(page, page.get_by_role("link", name="Edit plan and projects"))
    retype(page, page.get_by_label("Strategic targets"), "100% of households on clean water")
    tab_to(page, page.get_by_label("Vision"), key="Shift+Tab")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("A liveable, green and connected Da Nang.")
    tab_to(page, page.get_by_role("button", name="Save vision and targets"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The plan was saved.")).to_be_visible()

    follow(page, page.get_by_role("link", name="Add a project"))
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Smart traffic lights")
    page.keyboard.press("Tab")
    page.keyboard.type("Adaptive signals on 120 junctions.")
    tab_to(page, page.get_by_label("Funding model"))
    page.keyboard.press("ArrowDown")  # Public
    page.keyboard.press("ArrowDown")  # Public–private partnership
    tab_to(page, page.locator("#id_stage"))
    page.keyboard.press("ArrowDown")  # from Planning to Ongoing
    tab_to(page, page.get_by_label("Seeking partners"))
    page.keyboard.press("Space")
    retype(page, page.get_by_label("What partners could bring"), "Traffic engineering advice.")
    tab_to(page, page.get_by_label("Health and well-being"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Add project"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Edit project: Smart traffic lights")).to_be_visible()

    follow(page, page.get_by_role("link", name="Cancel"))
    tab_to(page, page.get_by_role("button", name="Move up Smart traffic lights"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".project-title").first).to_have_text("Flood sensors")

    plan = ActionPlan.objects.get(pk=plan_with_projects.pk)
    assert plan.vision == "A liveable, green and connected Da Nang."
    assert plan.strategic_targets == "100% of households on clean water"
    project = plan.projects.get(title="Smart traffic lights")
    assert project.summary == "Adaptive signals on 120 junctions."
    assert (project.funding_model, project.stage) == ("ppp", "ongoing")
    assert project.seeking_partners
    assert project.partnership_needs == "Traffic engineering advice."
    assert [a.code for a in project.focus_areas.all()] == ["health-and-well-being"]
    titles = Project.objects.filter(plan=plan).order_by("position").values_list("title", flat=True)
    assert list(titles) == ["Flood sensors", "Smart traffic lights", "Open data portal"]
