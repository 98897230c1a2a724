from html import escape

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partners import countries

register = template.Library()

SUMMARY_WORDS = 30


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
