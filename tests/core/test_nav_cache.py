"""The main menu and the header are drawn once per key and kept per process
(core/templatetags/portal.py): the key must hold everything their templates read, or a user would
get another's menu or name."""

import re
from pathlib import Path

from django.conf import settings

from core.templatetags.portal import NAV_QUESTIONS
from demo.models import DemoContent
from tests import factories as f


def test_the_menu_key_holds_every_policy_answer_the_menu_reads():
    template = (Path(settings.BASE_DIR) / "templates/includes/nav.html").read_text()
    asked = set(re.findall(r"policy\.(\w+)", template))

    assert asked == set(NAV_QUESTIONS)


def test_the_menu_reads_nothing_of_the_user_but_whether_they_are_signed_in():
    """The user's name, city or partner would differ between users with the same answers."""
    template = (Path(settings.BASE_DIR) / "templates/includes/nav.html").read_text()

    assert set(re.findall(r"user\.(\w+)", template)) <= {"is_authenticated"}
    assert set(re.findall(r"request\.(\w+)", template)) <= {"resolver_match", "path"}


# The header is drawn once per menu, kind of visitor and demo banner and kept; what differs per
# request is filled in each time (core/templatetags/portal.py: site_header).


def test_the_kept_header_reads_nothing_of_the_request_or_user_but_its_holes():
    template = (Path(settings.BASE_DIR) / "templates/includes/site_header.html").read_text()

    assert set(re.findall(r"user\.(\w+)", template)) <= {"is_authenticated"}
    assert not re.search(r"request\.", template)
    assert "policy." not in template


def test_each_signed_in_person_sees_their_own_name_escaped_and_renamed_at_once(client_for, db):
    first = f.UserFactory(first_name='<b>"Anh"</b>', last_name="&")
    second = f.UserFactory(first_name="Binh", last_name="Tran")

    assert "&lt;b&gt;&quot;Anh&quot;&lt;/b&gt; &amp;" in header(client_for(first))
    assert '<span class="user-name">Binh Tran</span>' in header(client_for(second))
    first.first_name, first.last_name = "", ""
    first.save()
    assert f'<span class="user-name">{first.username}</span>' in header(client_for(first))


def test_the_header_carries_this_page_s_address_escaped(client, db):
    html = header(client, "/cities/?q=%3Cx%3E&page=1")

    assert 'name="next" type="hidden" value="/cities/?q=%3Cx%3E&amp;page=1"' in html
    assert 'href="/accounts/login/?next=/cities/"' in html


def test_each_visitor_gets_their_own_csrf_token(client, db):
    from django.test import Client

    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', header(c))[1]
        for c in (client, Client(), Client())
    }

    assert len(tokens) == 3


def test_the_demo_banner_shows_as_soon_as_demo_content_is_loaded(client, db):
    assert "demo-banner" not in header(client)
    DemoContent.objects.create()

    assert "demo-banner" in header(client)


def header(client, path="/cities/") -> str:
    html = client.get(path).content.decode()
    return html[html.index("<body>") : html.index("</header>")]
