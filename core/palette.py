"""The network's colours, in one place: the interface's tokens, the chart series and the heat-map
ramp. Pages and the annual report read them from here.

The server-drawn charts (reports/charts.py) take CHART and HEAT as SVG attributes. The style
sheets get them as CSS custom properties in a block that this module writes between two marker
comments of static/css/portal.css and static/css/report.css (no build step: the block is
committed; tests/core/test_palette.py fails when a sheet's block differs from what is here).
After changing a colour:

    .venv/bin/python -m core.palette

Every pair of text and background colours used by the interface is checked for WCAG 2.x
contrast by the same test (4.5:1 for text, 3:1 for chart marks against the page).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# The identity: ASCN blue (the sea the member states share) with ASEAN gold as its highlight.
TOKENS: dict[str, str] = {
    "ink": "#17212c",  # text
    "muted": "#4a5665",  # secondary text (7.4:1 on white)
    "line": "#d3d9e0",  # hairlines
    "line-strong": "#97a3b0",
    "paper": "#ffffff",  # cards, tables
    "page": "#f3f5f8",  # the page behind them
    "zebra": "#f7f9fb",
    "brand": "#0a4f8f",  # links, buttons, the wordmark (8.3:1 on white)
    "brand-dark": "#072f57",  # the header, hover states (13:1 under white text)
    "brand-tint": "#e6f0fa",  # tinted surfaces
    "gold": "#f2b400",  # the highlight: the wordmark's ring, marks on the dark header
    "gold-ink": "#7d4c00",  # gold as text on white (6.9:1)
    "gold-tint": "#fff6d9",
    "accent": "#a3520b",  # later cities on the map
    "focus": "#1565c0",
    "focus-on-dark": "#ffd166",
    "ok": "#1a6332",
    "ok-tint": "#e3f3e7",
    "warn": "#7a4a00",
    "warn-tint": "#fff3d4",
    "bad": "#a11d1d",
    "bad-tint": "#fde9e9",
}

# Series of a chart, in order: each at least 3:1 against white (WCAG 1.4.11), neighbours differ
# in lightness as well as hue; labels and the data table carry the values.
CHART: tuple[str, ...] = (
    "#0a4f8f",  # ASCN blue
    "#b45309",  # amber
    "#2e7d32",  # green
    "#a3245b",  # plum
    "#5b45a8",  # violet
    "#0d6e6e",  # teal
    "#7a5c00",  # ochre
    "#b3261e",  # red
)

# A sequential ramp for heat maps, light to ASCN blue.
HEAT: tuple[str, ...] = ("#f1f6fb", "#cfe0f1", "#9fc3e6", "#6aa1d6", "#3a7cc0", "#0a4f8f")

# The spacing scale (rem): every margin, padding and gap of the sheets is one of these.
SPACE: tuple[str, ...] = (".25rem", ".5rem", ".75rem", "1rem", "1.5rem", "2rem", "3rem")

# Pairs of (text, background) the interface uses, checked for 4.5:1 by the test.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("ink", "paper"),
    ("ink", "page"),
    ("ink", "zebra"),
    ("muted", "paper"),
    ("muted", "page"),
    ("brand", "paper"),
    ("brand", "page"),
    ("brand", "brand-tint"),
    ("paper", "brand"),
    ("paper", "brand-dark"),
    ("gold", "brand-dark"),
    ("focus-on-dark", "brand-dark"),
    ("gold-ink", "paper"),
    ("gold-ink", "gold-tint"),
    ("ok", "ok-tint"),
    ("warn", "warn-tint"),
    ("bad", "bad-tint"),
    ("bad", "paper"),
)

BEGIN = "/* palette: begin (written by core/palette.py, do not edit by hand) */"
END = "/* palette: end */"
SHEETS = ("static/css/portal.css", "static/css/report.css")
ROOT = Path(__file__).resolve().parent.parent


def custom_properties() -> dict[str, str]:
    """Every CSS custom property of the palette: --<token>, --chart-N, --heat-N, --space-N."""
    properties = {f"--{name}": value for name, value in TOKENS.items()}
    properties |= {f"--chart-{i}": colour for i, colour in enumerate(CHART, 1)}
    properties |= {f"--heat-{i}": colour for i, colour in enumerate(HEAT, 1)}
    properties |= {f"--space-{i}": size for i, size in enumerate(SPACE, 1)}
    return properties


def css_block() -> str:
    lines = [f"  {name}: {value};" for name, value in custom_properties().items()]
    return "\n".join([BEGIN, ":root {", *lines, "}", END])


BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)


def sheet_with_palette(text: str) -> str:
    """The style sheet's text with its palette block as this module has it."""
    if not BLOCK.search(text):
        raise ValueError("the style sheet has no palette block (its two marker comments)")
    return BLOCK.sub(lambda _: css_block(), text, count=1)


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def write_sheets() -> list[Path]:
    written = []
    for name in SHEETS:
        path = ROOT / name
        text = path.read_text()
        updated = sheet_with_palette(text)
        if updated != text:
            path.write_text(updated)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_sheets():
        sys.stdout.write(f"wrote {path}\n")
