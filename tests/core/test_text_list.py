"""Strategic targets written as "- " lines show as a list, escaped (issue 20, point 7)."""

import pytest
from django.template import Context, Template

from tests import factories as f


def render(text):
    return Template("{% load portal %}{{ text|text_list }}").render(Context({"text": text}))


def test_dash_lines_become_a_list_and_other_lines_paragraphs():
    html = render("By 2030:\n- 50% fewer floods\n- 100 km of bus lanes\n\nReviewed yearly.")
    assert html == (
        "<p>By 2030:</p><ul><li>50% fewer floods</li><li>100 km of bus lanes</li></ul>"
        "<p>Reviewed yearly.</p>"
    )


def test_hostile_text_stays_text():
    assert render("- <script>x</script>") == "<ul><li>&lt;script&gt;x&lt;/script&gt;</li></ul>"


@pytest.mark.django_db
def test_the_plan_page_lists_its_strategic_targets(client_for, da_nang_official, da_nang):
    plan = f.ActionPlanFactory(city=da_nang, strategic_targets="- Fewer floods\n- More buses")
    html = client_for(da_nang_official).get(f"/plans/{plan.pk}/").content.decode()
    assert "<ul><li>Fewer floods</li><li>More buses</li></ul>" in html
