"""The annual report's HTML file (reports/annual/report.html), which ASEC opens in the portal and
downloads, passes axe-core's WCAG 2.x level A and AA rules, built from the demo network."""

from io import StringIO

import pytest
from django.core.management import call_command

from reports.annual import annexes, content, render
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_the_annual_report_file_passes_axe(browser, db):
    call_command("seed_demo", force=True, stdout=StringIO())
    city_annexes = [annexes.city_annex(city_id, 2025) for city_id in annexes.annex_city_ids(2025)]
    report = content.assemble(content.network_content(2025), city_annexes)
    html = render.render_html(report, as_of="31 December 2025")

    page = browser.new_page()
    try:
        page.set_content(html)
        assert page.locator("article.annex").count() == len(city_annexes)
        report = axe_violations(page)
    finally:
        page.close()
    assert report is None, report
