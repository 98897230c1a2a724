"""The API's parser (settings `DEFAULT_PARSER_CLASSES`), in a module of its own: DRF reads that
setting while its views load, before core.api.base could be imported."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

# No body of the API nests deeper than a few levels; this leaves room and stops a body of
# 100,000 brackets long before Python's recursion limit.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing JSON nested deeper than MAX_JSON_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = _deeper_than(data, MAX_JSON_DEPTH)
        if too_deep:
            raise exceptions.ParseError(
                _("JSON parse error - nested deeper than %(depth)s levels.")
                % {"depth": MAX_JSON_DEPTH}
            )
        return data


def _deeper_than(data, limit: int) -> bool:
    """Without recursion: the check must not fail the way it guards against."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
