"""Fixed vocabularies the portal's forms and reports rely on (GESI groups, support types).

Data migrations create them in a new database; `vocabularies_ensure()` puts back any that are
missing (e.g. after a database flush) and is run by `load_reference_data`.
"""

from __future__ import annotations

from action_plans.models import GesiGroup
from partners.models import SupportType

GESI_GROUPS = [
    ("women-girls", "Women and girls"),
    ("persons-with-disabilities", "Persons with disabilities"),
    ("children-youth", "Children and youth"),
    ("older-persons", "Older persons"),
    ("low-income-marginalised", "Low-income and marginalised groups"),
    ("ethnic-minorities", "Ethnic minorities"),
]

SUPPORT_TYPES = [
    ("funding", "Funding"),
    ("technical-assistance", "Technical assistance"),
    ("capacity-building", "Capacity building"),
    ("solutions", "Solutions"),
    ("twinning", "Twinning"),
]


def vocabularies_ensure() -> None:

    for model, entries in ((GesiGroup, GESI_GROUPS), (SupportType, SUPPORT_TYPES)):
        for position, (code, name) in enumerate(entries):
            model.objects.get_or_create(code=code, defaults={"name": name, "position": position})
