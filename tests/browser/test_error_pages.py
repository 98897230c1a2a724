"""The server error page (templates/500.html), rendered by Django's handler without a request
context, keeps the site's look, skip link and language and passes axe-core's WCAG A and AA rules;
tests/browser/test_accessibility.py sweeps the 403 and 404 pages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.error_urls")]


def test_the_server_error_page_is_accessible(new_page, assert_accessible, db):
    page = new_page()
    response = page.goto("/fail/")

    assert response.status == 500
    assert page.get_by_role("heading", name="Something went wrong on our side").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"


def test_the_server_error_page_speaks_vietnamese(client, db):
    client.raise_request_exception = False
    response = client.get("/fail/", headers={"accept-language": "vi"})

    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Đã có lỗi xảy ra ở phía chúng tôi" in body
