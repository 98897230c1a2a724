"""Template tags that put the review next to the claims it is about, on action plans' pages
(the progress form, the indicator form, the city's report) and on the dashboards, without
action plans or reports importing this app."""

from django import template

from core import policy
from review import selectors

register = template.Library()


def _flags_context(context, flags) -> dict:
    request = context["request"]
    return {
        "flags": flags,
        "answer_here": bool(flags) and policy.can_answer_flag(request.user, flags[0]),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("review/includes/flags.html", takes_context=True)
def update_flags(context, update):
    """The flags of a saved progress update, with their answer forms for the city's users."""
    return _flags_context(context, selectors.flags_of_update(update))


@register.inclusion_tag("review/includes/flags.html", takes_context=True)
def indicator_flags(context, indicator):
    flags = selectors.flags_of_indicator(indicator) if indicator else []
    return _flags_context(context, flags)


@register.inclusion_tag("review/includes/report_flags.html", takes_context=True)
def report_flags(context, submission):
    """On the city's report of the year: what is still to explain, and the queries."""
    if not submission:
        return {}
    found = selectors.report_under_review(submission)
    waiting = [flag for flag in found["flags"] if not flag.resolved]
    return {"waiting": waiting, "queries": found["queries"], "submission": submission}


@register.inclusion_tag("review/includes/changes.html", takes_context=True)
def dashboard_changes(context, scope, cities_page=None):
    """On a dashboard (network, country, city): what changed in the scope's year for the cities
    the user may see, and the year's data-quality table. With the dashboard's page of cities,
    the changes are those of that page (the cost stays that of one page, whatever the size of
    the network); the data-quality table counts every city of the scope."""
    cities = policy.visible_change_cities(context["request"].user).order_by("name")
    if scope.country:
        cities = cities.filter(country__code=scope.country)
    if scope.city:
        cities = cities.filter(slug=scope.city)
    paged = cities_page is not None and cities_page.paginator.num_pages > 1
    listed = cities.filter(pk__in=[c.pk for c in cities_page]) if paged else cities
    return selectors.changes_context(listed, scope.year, quality_of=cities) | {"paged": paged}


@register.inclusion_tag("review/includes/threads.html", takes_context=True)
def update_queries(context, update):
    """The query threads about a progress update, for whoever may see them."""
    queries = policy.visible_queries(context["request"].user).filter(update=update)
    return {"queries": selectors.queries_with_objects(queries)}


@register.inclusion_tag("review/includes/threads.html", takes_context=True)
def indicator_queries(context, indicator):
    queries = policy.visible_queries(context["request"].user).filter(value__indicator=indicator)
    return {"queries": selectors.queries_with_objects(queries)}
