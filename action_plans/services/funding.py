"""Funding sources of a project: checked and written with the project (same plan lock, same
version), so the editor, the API and the project files change them the same way."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from action_plans.currencies import CURRENCIES
from action_plans.models import FUNDING_FIELDS, FundingSource, Project
from action_plans.services._common import only_fields


def funding_source_errors(source: FundingSource) -> dict:
    """The rules of one source with a message per field (the editor's forms show them too)."""
    errors = {}
    if source.currency not in CURRENCIES:
        errors["currency"] = _("Give an ISO 4217 currency code, e.g. USD.")
    partner_funder = source.funder_kind == FundingSource.FunderKind.PARTNER
    if partner_funder and source.partner_id is None:
        errors["partner"] = _("Choose the partner that funds the project.")
    if not partner_funder and source.partner_id is not None:
        errors["partner"] = _("Choose a partner only when the funder is a partner.")
    if source.funder_kind == FundingSource.FunderKind.OTHER and not source.funder_name:
        errors["funder_name"] = _("Name the funder.")
    if source.currency != "USD" and source.amount_usd is None:
        errors["amount_usd"] = _("Give the amount's value in US dollars.")
    return errors


def _source(data: dict, position: int) -> FundingSource:
    only_fields(data, FUNDING_FIELDS)
    source = FundingSource(position=position, **data)
    source.currency = (source.currency or "").upper()
    if source.currency == "USD":
        source.amount_usd = source.amount
    return source


def _checked(source: FundingSource, index: int) -> FundingSource:
    errors = funding_source_errors(source)
    try:
        source.full_clean(exclude=["project", *errors])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        messages = [
            f"{_('Funding source %(n)s') % {'n': index + 1}}: {field}: {text}"
            for field, text in errors.items()
        ]
        raise ValidationError({"funding_sources": messages})
    return source


def funding_total(sources) -> Decimal:
    return sum((s.amount_usd or Decimal(0) for s in sources), Decimal(0))


def check_funding_within_budget(budget, sources) -> None:
    total = funding_total(sources)
    # A negative budget has its own message; without sources there is nothing to exceed.
    if budget is not None and 0 <= Decimal(budget) < total:
        raise ValidationError(
            {
                "funding_sources": _(
                    "The funding sources add up to %(total)s USD, more than the budget."
                )
                % {"total": f"{total:,.2f}"}
            }
        )


def funding_sources_prepare(items: list[dict]) -> list[FundingSource]:
    """The sources as unsaved, checked rows; a ValidationError names each bad field."""
    return [_checked(_source(dict(data), index), index) for index, data in enumerate(items)]


def funding_sources_replace(*, project: Project, sources: list[FundingSource], actor) -> None:
    """Make `sources` the project's funding (inside the project service's transaction)."""
    for old in project.funding_sources.all():
        old._history_user = actor
        old.delete()
    for source in sources:
        source.project = project
        source._history_user = actor
        source.save()
