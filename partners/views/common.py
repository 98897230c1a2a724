"""Helpers shared by the marketplace's views."""

from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE, parameter: str = "page"):
    """The page the query's `parameter` asks for: the first for a missing or non-numeric one,
    the last for a number past it (Django's `Paginator.get_page`)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(parameter))


def query_without_page(request, parameter: str = "page") -> str:
    """The current filters as a query string, for pagination links."""
    query = request.GET.copy()
    query.pop(parameter, None)
    return query.urlencode()
