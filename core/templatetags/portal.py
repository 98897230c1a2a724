"""Small site-wide template helpers: progress bars styled by portal.css, and numbers as a reader
expects them. Status badges are `plan_status` (action_plans), citations `sources` (reference)."""

import re
from html import escape
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils.autoreload import file_changed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core import numbers

register = template.Library()


@register.simple_tag
def progress_bar(percent, label: str = "") -> SafeString:
    """An accessible progress bar (a native `<progress>`) with its value written beside it. Drawn
    here rather than by an included template: a city's page draws one per project (issue 21)."""
    if percent is None:
        return format_html('<span class="muted">{}</span>', gettext("No update yet"))
    value = max(0, min(100, round(float(percent))))
    named = format_html(' aria-label="{}"', label) if label else ""
    return format_html(
        '<span class="progress"><progress max="100" value="{}"{}>{}%</progress>'
        '<span class="progress-value" aria-hidden="true">{}%</span></span>',
        value,
        named,
        value,
        value,
    )


register.filter("figure", numbers.figure)


@register.simple_tag
def select_options(field) -> SafeString:
    """The `<option>`s of a filter form's select, the current value selected, in `<optgroup>`s
    where the choices are grouped (`(group label, [(value, label), ...])`): a template loop
    drew each option through a dozen nodes, as much as the rest of a directory's form (issue
    21). Every value and label is escaped."""
    current = field.value()
    return mark_safe(
        "".join(
            _optgroup(value, label, current)
            if isinstance(label, list | tuple)
            else _option(value, label, current)
            for value, label in field.field.choices
        )
    )


def _optgroup(group: str, options, current) -> str:
    inner = "".join(_option(value, label, current) for value, label in options)
    return f'<optgroup label="{escape(str(group))}">{inner}</optgroup>'


def _option(value, label, current) -> str:
    selected = " selected" if value == current else ""
    return f'<option value="{escape(str(value))}"{selected}>{escape(str(label))}</option>'


@register.simple_tag(takes_context=True)
def pagination(context) -> SafeString:
    """A page's links to the other pages, as `includes/pagination.html` shows them. Context: `page`
    (a Django Page), `query` (the URL's other parameters, urlencoded, without `page`), optional
    `anchor` (a fragment to land on) and `page_parameter` (the page number's parameter when a
    page has two paged lists, default `page`). Drawn here: through the template each page's
    link cost a dozen nodes, so a list's page grew with the number of pages (`/cities/` at ten
    times the network; issue 21)."""
    page = context.get("page")
    if page is None or page.paginator.num_pages <= 1:
        return mark_safe("")
    query, anchor = context.get("query") or "", context.get("anchor") or ""
    parameter = escape(str(context.get("page_parameter") or "page"))
    start = f"?{escape(str(query))}&amp;{parameter}=" if query else f"?{parameter}="
    end = f"#{escape(str(anchor))}" if anchor else ""
    lines = [f'<nav aria-label="{escape(gettext("Pages"))}">', '  <ul class="pagination">']
    previous = (
        f'<li><a href="{start}{page.previous_page_number()}{end}" rel="prev">'
        f"{escape(gettext('Previous'))}</a></li>"
        if page.has_previous()
        else ""
    )
    lines.append(f"    {previous}")
    for number in page.paginator.page_range:
        link = (
            f'<span aria-current="page">{number}</span>'
            if number == page.number
            else f'<a href="{start}{number}{end}">{number}</a>'
        )
        lines.append(f"    \n      <li>{link}</li>")
    following = (
        f'<li><a href="{start}{page.next_page_number()}{end}" rel="next">'
        f"{escape(gettext('Next'))}</a></li>"
        if page.has_next()
        else ""
    )
    lines.append(f"    \n    {following}")
    lines.extend(("  </ul>", "</nav>", ""))
    return mark_safe("\n" + "\n".join(lines))


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


# --- The main menu ------------------------------------------------------------------------------
# The menu's items depend only on the language, the user's roles (the policy's answers below) and
# where the page is (its view and the first segment of its path): each combination is rendered
# once and kept for the life of the process (what changes the menu is a deploy, which restarts
# it). Every page drew the menu anew: a tenth of a light page's time (issue 21).

NAV_QUESTIONS = (
    "has_partner_role",
    "can_see_dashboard",
    "can_see_city_overview",
    "has_city_role",
    "is_reviewer",
    "can_review",
    "can_see_appointments_directory",
)
NAV_KEPT = 2000  # combinations kept before starting afresh: a bound, not a working size
_navs: dict[tuple, SafeString] = {}


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The items of the main menu (`includes/nav.html`), as that template draws them."""
    key = _nav_key(context.get("request"), context.get("policy"))
    if key is not None and key in _navs:
        return _navs[key]
    nav = SafeString(context.template.engine.get_template("includes/nav.html").render(context))
    if key is not None:
        if len(_navs) >= NAV_KEPT:
            _navs.clear()
        _navs[key] = nav
    return nav


def _nav_key(request, policy) -> tuple | None:
    """What the menu depends on; None for a page outside the URL patterns (not kept)."""
    match = getattr(request, "resolver_match", None)
    if match is None or policy is None:
        return None
    head, slash, _rest = request.path[1:].partition("/")
    answers = tuple(getattr(policy, question) for question in NAV_QUESTIONS)
    urls = (get_script_prefix(), get_urlconf())  # what its links are reversed under
    place = (match.view_name, head + slash)
    return (get_language(), request.user.is_authenticated, answers, place, urls)


# --- The header and the footer -----------------------------------------------------------------
# The base layout's header (`includes/site_header.html`: the menu, the language switcher, the
# account buttons) depends on what the menu depends on and on the demo banner; what differs per
# request (the CSRF token, the page's address, the signed-in person's name) is drawn as a hole
# and filled for each page. The footer depends on the language and the URLs alone. Both are
# drawn once and kept, as the menu: the header was ~2,500 Python calls of every page (issue 21).

_HOLE = re.compile("\x00([a-z_]+)\x00")
HOLES = {name: f"\x00{name}\x00" for name in ("csrf_token", "next", "login_next", "user_name")}
_CSRF_FIELD = f'<input type="hidden" name="csrfmiddlewaretoken" value="{HOLES["csrf_token"]}">'
_headers: dict[tuple, str] = {}
_footers: dict[tuple, SafeString] = {}


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The page's header as `includes/site_header.html` draws it."""
    request = context.get("request")
    nav = _nav_key(request, context.get("policy"))
    key = None if nav is None else (nav, bool(context.get("demo_content_loaded")))
    drawn = _headers.get(key) if key is not None else None
    if drawn is None:
        with context.push(holes=HOLES, csrf_token=HOLES["csrf_token"]):
            html = context.template.engine.get_template("includes/site_header.html").render(context)
        drawn = _keep(_headers, key, html.strip())
    return mark_safe(_fill(drawn, context, request))


def _fill(drawn: str, context, request) -> str:
    """The header's holes filled for this request, escaped as the template escapes them."""
    user = context.get("user")
    token = str(context.get("csrf_token") or "")
    if token in ("", "NOTPROVIDED"):  # no token, no field ({% csrf_token %})
        drawn = drawn.replace(_CSRF_FIELD, "")
    values = {  # each asked only if its hole is there (a name only for someone signed in)
        "csrf_token": lambda: token,
        "next": lambda: request.get_full_path() if request else "",
        "login_next": lambda: quote(request.path, safe="/") if request else "",
        "user_name": lambda: user.get_full_name() or user.username,
    }
    return _HOLE.sub(lambda hole: escape(values[hole[1]]()), drawn)


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    """The page's footer as `includes/site_footer.html` draws it."""
    key = (get_language(), get_script_prefix(), get_urlconf())
    if key not in _footers:
        html = context.template.engine.get_template("includes/site_footer.html").render(context)
        _keep(_footers, key, SafeString(html.strip()))
    return _footers[key]


def _keep(kept: dict, key, drawn):
    if key is not None:
        if len(kept) >= NAV_KEPT:
            kept.clear()
        kept[key] = drawn
    return drawn


@receiver(setting_changed)
def _forget_navs(**kwargs) -> None:
    """Settings change only in tests (override_settings): the menus drawn before may be wrong."""
    for kept in (_navs, _headers, _footers):
        kept.clear()


@receiver(file_changed)
def _forget_drawings(sender, file_path, **kwargs) -> None:
    """`make run` reloads templates when one is edited (a Python file restarts the process)."""
    if file_path.suffix != ".py":
        _forget_navs()
