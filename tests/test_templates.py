"""Every template compiles: a tag library that moved or a filter used without its `{% load %}`
fails here, not on the one page a test may not open."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    "name", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_the_template_compiles(name):
    get_template(name)
