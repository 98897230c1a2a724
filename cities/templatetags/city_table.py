"""The rows of the member cities' table, drawn in Python: `{% load city_table %}`, then
`{% city_table_rows cities %}`. Through the template a row of links, badges and a local name cost
more than the floor's whole page of 50 rows (issue 21). Words are translated once per table,
every text escaped (html.escape: what Django's escape does, without its lazy-string wrapper);
the plan's badge is the tag the templates use."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from action_plans.templatetags.plan_status import status_badge
from cities.templatetags.city_map import local_name_lang

register = template.Library()


@register.simple_tag
def city_table_rows(cities) -> SafeString:
    """One `<tr>` per city of `cities.selectors.city_rows` or `city_page`: name, capital badge,
    local name (in its language), country, year joined, project count, plan status."""
    words = _Words()
    return mark_safe("\n".join(_row(city, words) for city in cities))


class _Words:
    def __init__(self):
        self.capital = f'<span class="badge badge-capital">{escape(_("Capital"))}</span>'
        self.pilot = f'<span class="badge badge-pilot">{escape(_("Pilot"))}</span>'
        self.not_published = f'<span class="muted">{escape(_("Not published yet"))}</span>'
        self._badges: dict[str, str] = {}

    def plan(self, city) -> str:
        if not city.has_plan:
            return self.not_published
        if city.plan_status not in self._badges:
            self._badges[city.plan_status] = status_badge(city.plan_status)
        return self._badges[city.plan_status]


def _row(city, words: _Words) -> str:
    country = city.country
    return "\n".join(
        (
            "<tr>",
            '<th scope="row">',
            f'<a href="{escape(city.get_absolute_url())}">{escape(city.name)}</a>',
            words.capital if city.is_capital else "",
            _local_name(city),
            "</th>",
            f'<td><a href="{escape(country.get_absolute_url())}">{escape(country.name)}</a></td>',
            f'<td class="nowrap">{city.joined_year} {words.pilot if city.is_pilot else ""}</td>',
            f'<td class="num">{city.project_count}</td>',
            f"<td>{words.plan(city)}</td>",
            "</tr>",
        )
    )


def _local_name(city) -> str:
    if not city.local_name or city.local_name == city.name:
        return ""
    lang = local_name_lang(city)
    lang = f' lang="{escape(lang)}"' if lang else ""
    return f'<br><span class="muted small"{lang}>{escape(city.local_name)}</span>'
