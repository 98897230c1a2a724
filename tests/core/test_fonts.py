"""The fonts of the network's scripts come from installed packages: the web pages get a small
woff2 subset per script as a static file (core/fonts.py), declared in portal.css; the PDF report
static instances of each weight, made once."""

import io
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from fontTools.ttLib import TTFont

from core import fonts

PORTAL_CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
FONT_FACE = re.compile(r"@font-face \{([^}]*)\}")
SAMPLES = {"thai": "กรุงเทพ", "lao": "ວຽງຈັນ", "khmer": "ភ្នំពេញ", "myanmar": "ရန်ကုန်"}


@pytest.fixture(scope="module")
def finder():
    return fonts.PackagedFontFinder()


def descriptors(rule: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in rule.split(";") if item.strip())
    return {name.strip(): value.strip() for name, value in pairs}


def test_every_packaged_font_file_is_installed():
    for face in fonts.FACES:
        assert face.source.stat().st_size > 10_000, face.source


@pytest.mark.parametrize("script", SAMPLES)
def test_the_finder_serves_a_small_woff2_subset_that_covers_the_script(finder, script):
    path = finder.find(f"fonts/noto-sans-{script}.woff2")
    font = TTFont(path)
    assert font.flavor == "woff2"
    assert "fvar" not in font  # one static weight: a quarter of the variable font
    assert all(ord(letter) in font.getBestCmap() for letter in SAMPLES[script])
    assert Path(path).stat().st_size < 45_000


def test_the_finder_finds_nothing_else_and_lists_each_web_font_once(finder):
    assert finder.find("fonts/noto-sans.woff2") is None
    assert finder.find("css/portal.css", find_all=True) == []
    listed = sorted(path for path, _ in finder.list([]))
    assert listed == sorted(face.web_name for face in fonts.WEB_FACES)


def test_portal_css_declares_each_served_font_with_its_script_range_and_swap():
    rules = [descriptors(rule) for rule in FONT_FACE.findall(PORTAL_CSS.read_text())]
    declared = {
        (rule["font-family"].strip('"'), rule["src"], rule["unicode-range"]) for rule in rules
    }
    expected = {
        (face.family, f'url("../fonts/{face.web_name}") format("woff2")', face.unicode_range)
        for face in fonts.WEB_FACES
    }
    assert declared == expected
    assert {rule["font-display"] for rule in rules} == {"swap"}
    assert fonts.web_font_faces("../fonts/") in PORTAL_CSS.read_text()


def test_collectstatic_copies_the_fonts_and_points_the_css_at_their_hashed_names(
    settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())
    css = next(tmp_path.glob("css/portal.*.css")).read_text()
    for face in fonts.WEB_FACES:
        hashed = re.search(rf'url\("\.\./fonts/({face.web_name[:-6]}\.\w+\.woff2)"\)', css)
        assert hashed and (tmp_path / "fonts" / hashed[1]).is_file()


def test_the_pdf_gets_static_instances_made_once_and_again_only_for_a_newer_font(
    tmp_path, monkeypatch
):
    made = []

    def instance(face, weight):
        made.append((face.family, face.style, weight))
        return b"static"

    monkeypatch.setattr(fonts, "_static_instance", instance)
    files = fonts.pdf_fonts(tmp_path)
    every = [(face.family, face.style, weight) for face, weight, _ in files]
    assert sorted(made) == sorted(every)
    assert len(set(every)) == len(every)
    assert all(path.read_bytes() == b"static" for _, _, path in files)

    made.clear()
    assert fonts.pdf_fonts(tmp_path) == files
    assert made == []  # a second call (another part, another worker) only finds them

    face, weight, path = files[0]
    os.utime(path, (0, 0))  # older than the installed font: an upgraded package
    fonts.pdf_fonts(tmp_path)
    assert made == [(face.family, face.style, weight)]


def test_the_pdf_font_faces_name_each_static_instance_with_its_weight(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_static_instance", lambda face, weight: b"static")
    rules = [descriptors(rule) for rule in FONT_FACE.findall(fonts.pdf_font_faces(tmp_path))]
    declared = {(r["font-family"].strip('"'), r["font-style"], r["font-weight"]) for r in rules}
    assert ("ASCN Noto Sans", "normal", "700") in declared
    assert ("ASCN Noto Sans Thai", "normal", "400") in declared
    assert all(rule["src"].startswith(f'url("{tmp_path.as_uri()}/') for rule in rules)
    assert len(declared) == len(rules) == sum(len(face.pdf_weights) for face in fonts.FACES)


def test_a_static_instance_has_no_variation_tables_and_the_weight_it_is_named_for():
    face = next(face for face in fonts.FACES if face.family == "ASCN Noto Sans Lao")
    font = TTFont(io.BytesIO(fonts._static_instance(face, 700)))
    assert not {"fvar", "gvar", "HVAR", "MVAR", "avar"} & set(font.keys())
    assert font["OS/2"].usWeightClass == 700
    assert all(ord(letter) in font.getBestCmap() for letter in SAMPLES["lao"])
