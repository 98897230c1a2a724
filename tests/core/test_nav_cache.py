"""The main menu is drawn once per key and kept per process (core/templatetags/portal.py): the
key must hold everything the menu's template reads, or a user would get another's menu."""

import re
from pathlib import Path

from django.conf import settings

from core.templatetags.portal import NAV_QUESTIONS


def test_the_menu_key_holds_every_policy_answer_the_menu_reads():
    template = (Path(settings.BASE_DIR) / "templates/includes/nav.html").read_text()
    asked = set(re.findall(r"policy\.(\w+)", template))

    assert asked == set(NAV_QUESTIONS)


def test_the_menu_reads_nothing_of_the_user_but_whether_they_are_signed_in():
    """The user's name, city or partner would differ between users with the same answers."""
    template = (Path(settings.BASE_DIR) / "templates/includes/nav.html").read_text()

    assert set(re.findall(r"user\.(\w+)", template)) <= {"is_authenticated"}
    assert set(re.findall(r"request\.(\w+)", template)) <= {"resolver_match", "path"}
