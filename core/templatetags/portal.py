"""Small site-wide template helpers: progress bars styled by portal.css, and numbers as a reader
expects them. Status badges are `plan_status` (action_plans), citations `sources` (reference)."""

import re

from django import template
from django.utils.html import format_html, format_html_join

from core import numbers

register = template.Library()


@register.inclusion_tag("includes/progress_bar.html")
def progress_bar(percent, label: str = "") -> dict:
    """An accessible progress bar (a native `<progress>`) with its value written beside it."""
    value = None if percent is None else max(0, min(100, round(float(percent))))
    return {"value": value, "label": label}


register.filter("figure", numbers.figure)

BULLET = re.compile(r"^\s*[-*\u2022]\s+")


@register.filter
def text_list(text: str) -> str:
    """Text written as "- " lines (strategic targets) shown as a list; other lines as
    paragraphs. Every piece is escaped."""
    blocks: list[tuple[str, list[str]]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        kind = "ul" if BULLET.match(line) else "p"
        item = BULLET.sub("", line).strip()
        if kind == "ul" and blocks and blocks[-1][0] == "ul":
            blocks[-1][1].append(item)
        else:
            blocks.append((kind, [item]))
    return format_html_join("", "{}", ((_block(kind, items),) for kind, items in blocks))


def _block(kind: str, items: list[str]) -> str:
    if kind == "p":
        return format_html("<p>{}</p>", items[0])
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        trail = self.nodelist.render(context)
        crumbs = context.template.engine.get_template("includes/breadcrumbs.html")
        with context.push(trail=trail):
            return crumbs.render(context)


@register.tag
def breadcrumbs(parser, token):
    """The one breadcrumb trail of every page: `{% breadcrumbs %}<li>…</li>{% endbreadcrumbs %}`
    wraps the page's own steps (the last with `aria-current="page"`) after the home page."""
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)
