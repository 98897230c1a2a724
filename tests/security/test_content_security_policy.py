"""Every page carries a Content-Security-Policy without 'unsafe-inline', and no template needs
one: no inline script, event handler or style anywhere but in the annual report's standalone page,
which sends its own policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from reports.models import AnnualReport

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# The annual report as a standalone HTML file: its styles are inlined so that the file works on
# its own after download; it is served with its own policy (reports/views/annual_report.py).
# A page never served by the portal's views: the report's standalone HTML file (served with its
# own policy).
STANDALONE = {Path("reports/annual/report.html")}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {name: values for name, *values in directives}


def template_files():
    """(folder, path) of every HTML template of the portal: the site-wide folder and the apps'."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += sorted(Path(settings.BASE_DIR).glob("*/templates"))
    for folder in folders:
        if ".venv" in folder.parts:
            continue
        for path in sorted(folder.rglob("*.html")):
            yield folder, path


def test_pages_carry_the_strict_policy(client, db):
    response = client.get("/")

    assert policy_of(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


def test_signed_in_pages_and_the_admin_carry_it_too(
    client, client_for, asec_user, da_nang_official
):
    assert policy_of(client_for(da_nang_official).get("/cities/")) == POLICY
    assert policy_of(client_for(asec_user).get("/dashboard/")) == POLICY
    assert policy_of(client.get("/admin/login/")) == POLICY


def test_the_annual_report_page_keeps_its_own_stricter_policy(
    asec_user, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = AnnualReport.objects.create(year=2024, status="succeeded", progress=100)
    report.html_file.save("r.html", ContentFile(b"<!doctype html><style>p{}</style>"))

    response = client_for(asec_user).get(f"/reports/{report.pk}/view/")

    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'"
    )


def test_templates_are_found():
    names = {path.relative_to(folder) for folder, path in template_files()}

    assert Path("base.html") in names
    assert names >= STANDALONE


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "an inline <script> (put the code in static/js/)"),
        (EVENT_HANDLER, "an inline event handler (attach it from static/js/)"),
        (STYLE_ATTRIBUTE, "a style attribute (use a class from static/css/)"),
        (STYLE_ELEMENT, "a <style> element (use static/css/)"),
        (JAVASCRIPT_URL, "a javascript: URL"),
    ],
)
def test_no_template_needs_unsafe_inline(pattern, what):
    offenders = []
    for folder, path in template_files():
        if path.relative_to(folder) in STANDALONE:
            continue
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{line}")

    assert not offenders, f"{what}: {', '.join(offenders)}"


def test_the_checks_recognise_what_they_look_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
    assert EVENT_HANDLER.search('<button class="b" onclick="go()">')
    assert not EVENT_HANDLER.search('<a href="/" data-once="1">')
    assert STYLE_ATTRIBUTE.search('<div style="width: 4px">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')


@pytest.mark.urls("tests.security.urls")
def test_the_api_docs_load_their_start_script_from_the_portal(client, db):
    page = client.get("/api/docs/")
    html = page.content.decode()

    assert page.status_code == 200
    assert policy_of(page) == POLICY
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ELEMENT.search(html)
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)

    script = client.get(script_url.replace("&amp;", "&"))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
