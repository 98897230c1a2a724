"""The `funding_sources` cell of project files: one source per ';'-separated part, its fields
separated by '|':

    funder | instrument | amount CURRENCY [= AMOUNT USD] | status [| IATI activity id [| number]]

The funder is `city`, `national_government`, a partner's slug, or any other name. Example:
`asian-development-bank | loan | 5000000 USD | confirmed | XM-DAC-46004-53039-001 | 53039-001`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from action_plans.models import FundingSource

SOURCE_SEPARATOR, FIELD_SEPARATOR = ";", "|"
KINDS = (FundingSource.FunderKind.CITY, FundingSource.FunderKind.NATIONAL_GOVERNMENT)


def funding_cell(sources) -> str:
    return f"{SOURCE_SEPARATOR} ".join(_source_text(source) for source in sources)


def _source_text(source: FundingSource) -> str:
    funder = source.partner.slug if source.partner_id else source.funder_name or source.funder_kind
    amount = f"{source.amount:f} {source.currency}"
    if source.currency != "USD":
        amount += f" = {source.amount_usd:f} USD"
    parts = [funder, source.instrument, amount, source.status]
    if source.iati_identifier or source.funder_reference:
        parts.append(source.iati_identifier)
    if source.funder_reference:
        parts.append(source.funder_reference)
    return f" {FIELD_SEPARATOR} ".join(parts)


class FundingCellError(ValueError):
    pass


def parse_funding_cell(text: str, partners: dict) -> list[dict]:
    """The sources of a cell as the funding service takes them; FundingCellError says what is
    wrong with which source."""
    parts = [part.strip() for part in text.split(SOURCE_SEPARATOR) if part.strip()]
    return [_parse_source(part, number, partners) for number, part in enumerate(parts, start=1)]


def _parse_source(text: str, number: int, partners: dict) -> dict:
    fields = [field.strip() for field in text.split(FIELD_SEPARATOR)]
    if not 4 <= len(fields) <= 6:
        raise FundingCellError(
            _("funding source %(n)s needs funder | instrument | amount currency | status")
            % {"n": number}
        )
    funder, instrument, amount, status, *ids = fields + [""] * (6 - len(fields))
    return {
        **_funder(funder, partners),
        "instrument": instrument.lower(),
        **_amount(amount, number),
        "status": status.lower(),
        "iati_identifier": ids[0],
        "funder_reference": ids[1],
    }


def _funder(funder: str, partners: dict) -> dict:
    if funder.lower() in KINDS:
        return {"funder_kind": funder.lower(), "partner": None}
    partner = partners.get(funder.lower())
    if partner is not None:
        return {"funder_kind": FundingSource.FunderKind.PARTNER, "partner": partner}
    return {"funder_kind": FundingSource.FunderKind.OTHER, "funder_name": funder, "partner": None}


def _amount(text: str, number: int) -> dict:
    original, _sep, usd = text.partition("=")
    try:
        amount, currency = original.split()
        values = {"amount": Decimal(amount), "currency": currency.upper()}
        if usd.strip():
            usd_amount, usd_currency = usd.split()
            if usd_currency.upper() != "USD":
                raise ValueError
            values["amount_usd"] = Decimal(usd_amount)
    except (ValueError, InvalidOperation):
        raise FundingCellError(
            _("funding source %(n)s: '%(amount)s' is not an amount and currency like 5000 USD")
            % {"n": number, "amount": text}
        ) from None
    if not values["amount"].is_finite() or values["amount"] < 0:
        raise FundingCellError(
            _("funding source %(n)s: the amount cannot be negative") % {"n": number}
        )
    return values
