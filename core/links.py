"""Links to objects without a `reverse()` per object: a list of 50 cities used to spend most of
its time resolving the same two URL patterns (issue 21). The pattern is reversed once per script
prefix with a placeholder argument, and each object's link is the two halves around its key."""

from collections.abc import Callable
from functools import cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, reverse

# A slug or code, and a number for the patterns whose converter takes digits only (`<int:pk>`).
_PLACEHOLDERS = ("zz0placeholder0zz", "9876543210")


@cache
def _halves(name: str, script_prefix: str) -> tuple[str, str]:
    for placeholder in _PLACEHOLDERS:
        try:
            url = reverse(name, args=[placeholder])
        except NoReverseMatch:
            continue
        before, after = url.split(placeholder)
        return before, after
    raise NoReverseMatch(f"{name} takes neither a slug nor a number")


def object_url(name: str, key) -> str:
    """What `reverse(name, args=[key])` gives, for a URL with one argument (slug, code or id)."""
    before, after = _halves(name, get_script_prefix())
    return f"{before}{quote(str(key), safe='')}{after}"


def object_urls(name: str) -> Callable[[object], str]:
    """`object_url` for many objects of one pattern (a map of every city): the script prefix is
    read once, not once per object."""
    before, after = _halves(name, get_script_prefix())
    return lambda key: f"{before}{quote(str(key), safe='')}{after}"
