"""Every URL of the site with its expected outcome per persona, one module per area.

To cover new URLs, add a module here (e.g. `partners.py` with a `URLS` dict keyed by URL name,
"namespace:name") and list it in MODULES below. See tests/matrix/spec.py for the vocabulary.
"""

from tests.matrix.expectations import (
    accounts,
    action_plans,
    cities,
    imports,
    learning,
    meetings,
    partners,
    reports,
    review,
    site,
    time,
)

MODULES = [
    site,
    accounts,
    cities,
    action_plans,
    imports,
    meetings,
    partners,
    reports,
    learning,
    time,
    review,
]


def _merge(modules) -> dict:
    merged: dict = {}
    for module in modules:
        clash = set(merged) & set(module.URLS)
        if clash:
            raise ValueError(f"{module.__name__} lists URL names listed elsewhere: {sorted(clash)}")
        merged.update(module.URLS)
    return merged


EXPECTATIONS = _merge(MODULES)
