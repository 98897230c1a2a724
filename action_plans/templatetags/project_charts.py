"""A project's small "over the years" charts (progress, indicator values) drawn as inline SVG:
no JavaScript, text escaped, the same figures written in the table beside them."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 320, 120, 44, 20, 14, 24
INK = "#0b5394"


@register.simple_tag
def years_chart(points, *, title: str, unit: str = "", top=None, target=None):
    """A line over (year, value) points, oldest first; the axis reaches `top` (100 for a
    percent complete), else the largest value or the target."""
    points = sorted((int(year), float(value)) for year, value in points if value is not None)
    if not points:
        return ""
    candidates = [value for _year, value in points] + [float(target or 0)]
    highest = float(top) if top else max(candidates) or 1.0
    xy = [_position(i, len(points), value, highest) for i, (_year, value) in enumerate(points)]
    return format_html(
        '<svg class="years-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{axis}'
        '<polyline points="{line}" fill="none" stroke="{ink}" stroke-width="2"></polyline>'
        "{dots}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        axis=_axis(highest, unit),
        line=" ".join(f"{x},{y}" for x, y in xy),
        ink=INK,
        dots=_dots(points, xy, unit),
    )


def _position(i: int, count: int, value: float, highest: float) -> tuple[float, float]:
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    plot = HEIGHT - TOP - BOTTOM
    return round(LEFT + i * step, 1), round(TOP + plot * (1 - min(value, highest) / highest), 1)


def _axis(highest: float, unit: str):
    return format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#d0d7de"></line>'
        '<text x="{tx}" y="{ty}" text-anchor="end" font-size="11">{top}{unit}</text>'
        '<text x="{tx}" y="{b}" text-anchor="end" font-size="11">0{unit}</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        b=HEIGHT - BOTTOM,
        tx=LEFT - 6,
        ty=TOP + 4,
        top=_number(highest),
        unit=unit,
    )


def _dots(points, xy, unit: str):
    return format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="' + INK + '"><title>{}: {}{}</title></circle>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
        (
            (x, y, year, _number(value), unit, x, HEIGHT - 8, year)
            for (year, value), (x, y) in zip(points, xy, strict=True)
        ),
    )


def _number(value: float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


@register.filter
def progress_points(updates):
    """(year, percent complete) of a project's updates, for `years_chart`."""
    return [(u.year, u.percent_complete) for u in updates]


@register.filter
def indicator_points(indicator):
    """(year, value) of an indicator: a model's related values or a snapshot's list of dicts."""
    values = indicator["values"] if isinstance(indicator, dict) else indicator.values.all()
    return [(_get(v, "year"), _get(v, "value")) for v in values]


def _get(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)
