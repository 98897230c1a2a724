"""The network's colours have one source (core/palette.py): the style sheets of the pages and of
the annual report carry its block of custom properties as it is, the server-drawn charts take its
series, and every pair of text and background it names is readable (WCAG 2.x AA)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from core import palette
from reports import charts

SHEETS = [Path(settings.BASE_DIR) / name for name in palette.SHEETS]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
def test_the_style_sheet_carries_the_palette_as_core_palette_writes_it(sheet):
    text = sheet.read_text()
    assert palette.sheet_with_palette(text) == text, (
        f"{sheet.name} differs from core/palette.py: run `.venv/bin/python -m core.palette`"
    )


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
def test_the_style_sheet_writes_no_colour_of_the_palette_outside_its_block(sheet):
    outside = palette.BLOCK.sub("", sheet.read_text()).lower()
    colours = {*palette.TOKENS.values(), *palette.CHART, *palette.HEAT} - {"#ffffff"}
    assert sorted(c for c in colours if c in outside) == []


def test_every_custom_property_the_sheets_use_is_defined():
    defined = set(palette.custom_properties()) | {"--font", "--mono", "--radius", "--space"}
    for sheet in SHEETS:
        text = sheet.read_text()
        defined |= set(re.findall(r"(--[a-z0-9-]+)\s*:", text))
    used = {
        name for sheet in SHEETS for name in re.findall(r"var\((--[a-z0-9-]+)", sheet.read_text())
    }
    assert sorted(used - defined) == []


def test_the_charts_draw_with_the_shared_palette():
    assert charts.PALETTE == palette.CHART
    assert charts.HEAT_STOPS == palette.HEAT


@pytest.mark.parametrize("text, background", palette.TEXT_PAIRS)
def test_text_on_its_background_has_a_contrast_of_at_least_4_5(text, background):
    ratio = palette.contrast(palette.TOKENS[text], palette.TOKENS[background])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize("colour", palette.CHART)
def test_every_chart_series_stands_out_from_the_page_by_3_to_1(colour):
    for background in ("paper", "page"):
        assert palette.contrast(colour, palette.TOKENS[background]) >= 3


def test_neighbouring_chart_series_differ_in_lightness():
    luminances = [palette.relative_luminance(colour) for colour in palette.CHART]
    assert all(a != b for a, b in zip(luminances, luminances[1:], strict=False))


def test_the_heat_ramp_darkens_step_by_step():
    luminances = [palette.relative_luminance(colour) for colour in palette.HEAT]
    assert luminances == sorted(luminances, reverse=True)


SPACING = re.compile(
    r"(?<![\w-])(?:margin|padding|gap|row-gap|column-gap)(?:-[a-z-]+)?\s*:([^;}]*)"
)


def test_the_portal_s_margins_paddings_and_gaps_keep_to_the_spacing_scale():
    """In rem, only the scale's steps (var(--space-N)); hairlines under .25rem and em stay free."""
    sheet = Path(settings.BASE_DIR) / "static/css/portal.css"
    off_scale = [
        declaration.strip()
        for declaration in SPACING.findall(sheet.read_text())
        for size in re.findall(r"(?<![\w.-])(\d*\.?\d+)rem\b", declaration)
        if float(size) >= 0.25
    ]
    assert off_scale == []
