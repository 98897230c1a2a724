from html import escape

from django import template
from django.template.defaultfilters import add, truncatewords
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.links import object_urls
from partners import countries
from partners.models import Twinning

register = template.Library()

SUMMARY_WORDS = 30
OPPORTUNITY_WORDS = 40


@register.filter
def country_name(code: str) -> str:
    """`{{ partner.country|country_name }}`: a country's name from its ISO code."""
    return countries.country_name(code)


# The directory's cards are drawn in Python: through the template each card cost as much as the
# page's filter form (issue 21). Words are translated once per page, every text escaped
# (html.escape: what Django's escape does, without its lazy-string wrapper).


@register.simple_tag
def partner_cards(partners) -> SafeString:
    """One `<li class="card">` per partner of a directory page: name linked, kind, country,
    summary, and the names of its focus areas and support (`with_vocabulary_names`)."""
    words = (escape(_("Focus areas:")), escape(_("Offers:")))
    return mark_safe("\n".join(_card(partner, words) for partner in partners))


def _card(partner, words: tuple[str, str]) -> str:
    country = f" · {escape(country_name(partner.country))}" if partner.country else ""
    summary = truncatewords(partner.summary, SUMMARY_WORDS)
    return "\n".join(
        (
            '<li class="card">',
            f'<h3><a href="{escape(partner.get_absolute_url())}">{escape(partner.name)}</a></h3>',
            f'<p class="muted">{escape(str(partner.kind_label))}{country}</p>',
            f"<p>{escape(summary)}</p>" if partner.summary else "",
            _names(words[0], partner.focus_area_names),
            _names(words[1], partner.support_names),
            "</li>",
        )
    )


def _names(label: str, names: list[str]) -> str:
    if not names:
        return ""
    return f'<p><span class="label">{label}</span> {", ".join(escape(n) for n in names)}</p>'


# The twinnings page is drawn in Python too: its table and its map's marks grew by a dozen
# template nodes a twinning, a page three times slower at ten times the network (issue 21).


@register.simple_tag
def twinning_rows(twinnings, can_manage: bool = False) -> SafeString:
    """One `<tr>` per `partners.selectors.TwinningRow` (with its `focus_area_names`): ASCN city,
    counterpart, partner, focus areas, year, status, and for those who manage twinnings the link
    to edit it. What many rows share (status labels, country names, the addresses' patterns) is
    translated, escaped or worked out once a page."""
    page = _TwinningPage(escape(_("Edit")), can_manage)
    return mark_safe("".join(page.row(twinning) for twinning in twinnings))


class _TwinningPage:
    def __init__(self, edit: str, can_manage: bool):
        self.edit, self.can_manage = edit, can_manage
        self.statuses = {value: escape(str(label)) for value, label in Twinning.Status.choices}
        self.names: dict[tuple, str] = {}
        self.city_url = object_urls("cities:detail")
        self.partner_url = object_urls("partners:detail")
        self.edit_url = object_urls("partners:twinning_edit")

    def name(self, kind: str, key, of) -> str:
        """The escaped name of a country, computed once a page."""
        name = self.names.get((kind, key))
        if name is None:
            name = self.names[kind, key] = escape(str(of()))
        return name

    def row(self, twinning) -> str:
        description = (
            f"<br><small>{escape(twinning.description)}</small>" if twinning.description else ""
        )
        partner_cell = (
            f'<a href="{escape(self.partner_url(twinning.partner_slug))}">'
            f"{escape(twinning.partner_name)}</a>"
            if twinning.partner_slug is not None
            else "—"
        )
        areas = ", ".join(escape(name) for name in twinning.focus_area_names) or "—"
        manage = (
            f'<td><a href="{escape(self.edit_url(twinning.pk))}">'
            f'{self.edit}<span class="visually-hidden"> {escape(str(twinning))}</span></a></td>'
            if self.can_manage
            else ""
        )
        code = twinning.counterpart_country
        counterpart_country = self.name("code", code, lambda: countries.country_name(code))
        city_country = self.name("country", twinning.city_country, lambda: twinning.city_country)
        status = self.statuses.get(twinning.status) or escape(twinning.status)
        return (
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{escape(self.city_url(twinning.city_slug))}">'
            f"{escape(twinning.city_name)}</a> ({city_country})</th>\n"
            f"      <td>{escape(twinning.counterpart_city)}, "
            f"{counterpart_country}{description}</td>\n"
            f"      <td>{partner_cell}</td>\n"
            f"      <td>{areas}</td>\n"
            f"      <td>{twinning.start_year}</td>\n"
            f'      <td><span class="badge status-{escape(twinning.status)}">{status}</span></td>\n'
            f"      {manage}\n"
            "    </tr>\n  "
        )


@register.simple_tag
def twinning_map_marks(drawing: dict) -> SafeString:
    """The marks of `partners.twinning_map.twinning_map`'s drawing: a line per twinning, a square
    and name per counterpart country, a dot per ASCN city (numbers as `{% localize off %}`
    writes them)."""
    links = "".join(
        f'<path class="map-link" d="{escape(link.path)}"><title>{escape(link.label)}</title></path>'
        for link in drawing["links"]
    )
    places = "".join(
        '\n      <g class="map-country">\n'
        f'        <rect x="{_number(add(place.point.x, "-4"))}"'
        f' y="{_number(add(place.point.y, "-4"))}" width="8" height="8">'
        f"<title>{escape(place.label)}</title></rect>\n"
        f'        <text x="{_number(place.label_x)}" y="{_number(place.label_y)}"'
        f' text-anchor="middle">{escape(place.label)}</text>\n'
        "      </g>\n    "
        for place in drawing["countries"]
    )
    dots = "".join(
        f'<circle class="map-city" cx="{_number(place.point.x)}" cy="{_number(place.point.y)}"'
        f' r="3.5"><title>{escape(place.label)}</title></circle>'
        for place in drawing["cities"]
    )
    return mark_safe(f"{links}\n    {places}\n    {dots}")


def _number(value) -> str:
    return escape(str(localize(value, use_l10n=False)))


@register.simple_tag
def opportunity_cards(opportunities) -> SafeString:
    """One `<li class="card">` per opportunity of a list page (`opportunity_browse`: city and
    country loaded, then `with_vocabulary_names`): title linked, what
    `includes/opportunity_summary.html` shows, and the description's first words. Drawn here:
    through the include a card cost as much as the page's filter form (issue 21)."""
    words = {
        "none": escape(_("no closing date")),
        "areas": escape(_("Focus areas:")),
        "support": escape(_("Support sought:")),
    }
    return mark_safe("".join(_opportunity_card(item, words) for item in opportunities))


def _opportunity_card(opportunity, words: dict) -> str:
    city = opportunity.city
    if opportunity.closing_date:
        date = escape(date_format(opportunity.closing_date, "DATE_FORMAT"))
        closing = _("closes %(date)s") % {"date": date}
    else:
        closing = words["none"]
    areas = ", ".join(escape(name) for name in opportunity.focus_area_names)
    support = ", ".join(escape(name) for name in opportunity.support_names) or "—"
    description = escape(truncatewords(opportunity.description, OPPORTUNITY_WORDS))
    return (
        '\n    <li class="card">\n'
        f'      <h3><a href="{escape(opportunity.get_absolute_url())}">'
        f"{escape(opportunity.title)}</a></h3>\n"
        '      <p class="muted">\n'
        f'  <a href="{escape(city.get_absolute_url())}">{escape(city.name)}</a>,'
        f" {escape(city.country.name)}\n"
        f"  · {closing}\n"
        "</p>\n"
        f'<p><span class="label">{words["areas"]}</span> {areas}</p>\n'
        f'<p><span class="label">{words["support"]}</span> {support}</p>\n\n'
        f"      <p>{description}</p>\n"
        "    </li>\n  "
    )
