"""Charts drawn on the server as SVG: no JavaScript, readable in print and by screen readers.

Every chart is an `<svg role="img">` with a `<title>` and `<desc>`; pages and the report show
the chart's data table beside it. Text is escaped by format_html; nothing user-written reaches
the markup unescaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify

from core import palette

# The network's chart palette and heat ramp, shared with the pages' and the report's style sheets
# (core/palette.py: ≥ 3:1 against white for graphics, WCAG 1.4.11).
PALETTE = palette.CHART
HEAT_STOPS = palette.HEAT

WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 22
GAP = 8
VALUE_ROOM = 96  # room right of the longest bar for its value, e.g. "32 (22.5%)"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""


def _frame(
    chart_id: str, title: str, description: str, height: int, body: SafeString
) -> SafeString:
    return format_html(
        '<svg class="chart" id="{id}" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        body=body,
    )


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    max_value: float | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars, one per row, with the value written at the end of each bar."""
    top = max_value or max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_ROOM
    rows = format_html_join(
        "",
        '<g><text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>'
        '<text x="{vx}" y="{ty}" class="chart-value">{display}</text></g>',
        (
            {
                "lx": LABEL_WIDTH - 8,
                "x": LABEL_WIDTH,
                "y": GAP + i * (BAR_HEIGHT + GAP),
                "ty": GAP + i * (BAR_HEIGHT + GAP) + 15,
                "w": round(span * bar.value / top, 1),
                "h": BAR_HEIGHT,
                "fill": PALETTE[0],
                "label": bar.label,
                "vx": LABEL_WIDTH + round(span * bar.value / top, 1) + 6,
                "display": bar.display or _number(bar.value),
            }
            for i, bar in enumerate(bars)
        ),
    )
    height = GAP + len(bars) * (BAR_HEIGHT + GAP) + GAP
    return _frame(chart_id or slugify(title), title, description, height, rows)


def stacked_bar_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float]],
    chart_id: str | None = None,
) -> SafeString:
    """One horizontal bar per row, split into the series; a legend names the colours."""
    totals = [sum(row) for row in values]
    top = max(totals, default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_ROOM
    parts = []
    for i, (label, row) in enumerate(zip(rows, values, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                LABEL_WIDTH - 8,
                y + 15,
                label,
            )
        )
        x = float(LABEL_WIDTH)
        for j, value in enumerate(row):
            width = round(span * value / top, 1)
            if width:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{}: {}</title></rect>",
                        x,
                        y,
                        width,
                        BAR_HEIGHT,
                        PALETTE[j % len(PALETTE)],
                        series[j],
                        _number(value),
                    )
                )
            x += width
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                round(x + 6, 1),
                y + 15,
                _number(totals[i]),
            )
        )
    legend_y = GAP + len(rows) * (BAR_HEIGHT + GAP) + 10
    parts.append(_legend(series, legend_y))
    height = legend_y + 20 * ((len(series) + 2) // 3) + GAP
    return _frame(
        chart_id or slugify(title),
        title,
        description,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def line_chart(
    *,
    title: str,
    description: str,
    points: Sequence[tuple[str, float | None]],
    max_value: float = 100,
    unit: str = "%",
    chart_id: str | None = None,
) -> SafeString:
    """A line over labelled points (years); missing values break the line."""
    # Room on every side for the axis labels ("100%" at the top left, the last year at the
    # right), so that no label is cut at the edge of the drawing.
    height, left, right, bottom, top_pad = 248, 56, 32, 36, 24
    plot_w, plot_h = WIDTH - left - right, height - bottom - top_pad
    step = plot_w / max(len(points) - 1, 1)

    def xy(i, value):
        return round(left + i * step, 1), round(top_pad + plot_h * (1 - value / max_value), 1)

    parts = [
        format_html(
            '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="#d0d7de" class="chart-grid"></line>'
            '<text x="{tx}" y="{ty}" text-anchor="end" class="chart-axis">{v}{u}</text>',
            l=left,
            r=WIDTH - right,
            y=round(top_pad + plot_h * (1 - tick / max_value), 1),
            tx=left - 6,
            ty=round(top_pad + plot_h * (1 - tick / max_value), 1) + 4,
            v=_number(tick),
            u=unit,
        )
        for tick in (0, max_value / 2, max_value)
    ]
    segment: list[str] = []
    for i, (label, value) in enumerate(points):
        x = round(left + i * step, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-axis">{}</text>',
                x,
                height - 10,
                label,
            )
        )
        if value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        px, py = xy(i, value)
        segment.append(f"{px},{py}")
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}: {}{}</title></circle>',
                px,
                py,
                PALETTE[0],
                label,
                _number(value),
                unit,
            )
        )
    parts.append(_polyline(segment))
    return _frame(
        chart_id or slugify(title),
        title,
        description,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def heat_map(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    cells: dict,
    max_value: float = 100,
    chart_id: str | None = None,
) -> SafeString:
    """A grid of rows × columns (key, label); each cell shows its value, empty cells a dash."""
    cell_w = (WIDTH - LABEL_WIDTH) / max(len(columns), 1)
    cell_h, head = 22, HEAT_HEAD
    parts = [
        _column_head(label, round(LABEL_WIDTH + (j + 0.5) * cell_w, 1), head - 6)
        for j, (_key, label) in enumerate(columns)
    ]
    for i, (row_key, row_label) in enumerate(rows):
        y = head + i * cell_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                LABEL_WIDTH - 8,
                y + 15,
                row_label,
            )
        )
        for j, (col_key, col_label) in enumerate(columns):
            value = cells.get((row_key, col_key))
            fill = "#ffffff" if value is None else _heat(float(value) / max_value)
            ink = "#ffffff" if value is not None and float(value) / max_value > 0.6 else "#1f2933"
            parts.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#d0d7de">'
                    "<title>{row} · {col}: {text}</title></rect>"
                    '<text x="{tx}" y="{ty}" text-anchor="middle" fill="{ink}" class="chart-cell">'
                    "{text}</text>",
                    x=round(LABEL_WIDTH + j * cell_w, 1),
                    y=y,
                    w=round(cell_w, 1),
                    h=cell_h,
                    fill=fill,
                    row=row_label,
                    col=col_label,
                    text="–" if value is None else _number(value),
                    tx=round(LABEL_WIDTH + (j + 0.5) * cell_w, 1),
                    ty=y + 15,
                    ink=ink,
                )
            )
    height = head + len(rows) * cell_h + GAP
    return _frame(
        chart_id or slugify(title),
        title,
        description,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


HEAT_HEAD = 128  # room above the grid for the slanted column heads
HEAD_CHARS = 20  # a longer column head is shortened, its full name in its <title>


def _column_head(label: str, x: float, y: float) -> SafeString:
    """A column head slanted up to the left of its column, so that long names never overlap;
    a long name is shortened on the drawing and kept whole in its tooltip and the table."""
    shown = label if len(label) <= HEAD_CHARS else label[: HEAD_CHARS - 1].rstrip() + "…"
    return format_html(
        '<text x="{x}" y="{y}" text-anchor="end" transform="rotate(35 {x} {y})" '
        'class="chart-axis"><title>{full}</title>{shown}</text>',
        x=x,
        y=y,
        full=label,
        shown=shown,
    )


def _legend(series: Sequence[str], y: int) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{x}" y="{y}" width="12" height="12" fill="{fill}"></rect>'
        '<text x="{tx}" y="{ty}" class="chart-legend">{name}</text>',
        (
            {
                "x": 8 + (i % 3) * 210,
                "y": y + 20 * (i // 3),
                "fill": PALETTE[i % len(PALETTE)],
                "tx": 26 + (i % 3) * 210,
                "ty": y + 11 + 20 * (i // 3),
                "name": name,
            }
            for i, name in enumerate(series)
        ),
    )


def _polyline(points: list[str]) -> SafeString:
    if len(points) < 2:
        return SafeString("")
    return format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"></polyline>',
        " ".join(points),
        PALETTE[0],
    )


def _heat(ratio: float) -> str:
    ratio = min(max(ratio, 0.0), 1.0)
    return HEAT_STOPS[min(int(ratio * len(HEAT_STOPS)), len(HEAT_STOPS) - 1)]


def _number(value) -> str:
    """A value as people read it (labels, tooltips): localised, e.g. "22,5" in Vietnamese.
    Coordinates never go through here; format_html writes them with a decimal point."""
    number = float(value)
    return number_format(int(number)) if number == int(number) else number_format(number, 1)
