"""The `indicators` cell of project files: one indicator per ';'-separated part, its fields
separated by '|':

    name | unit | catalogue code | periodic or cumulative | baseline@year | target@year

Blank fields are allowed after the name: a catalogue code brings its unit. Example:
`Waste collected | % | SDG-11.6.1 | periodic | 60@2020 | 90@2025`. An import creates the
indicators the project lacks and updates those it has by name; it never removes one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from action_plans.models import Measurement

INDICATOR_SEPARATOR, FIELD_SEPARATOR, AT = ";", "|", "@"


class IndicatorCellError(ValueError):
    pass


def indicators_cell(indicators) -> str:
    return f"{INDICATOR_SEPARATOR} ".join(_indicator_text(i) for i in indicators)


def _measure(value, year) -> str:
    if value is None:
        return ""
    return f"{value:f}{AT}{year}" if year else f"{value:f}"


def _indicator_text(indicator) -> str:
    parts = [
        indicator.name,
        indicator.unit,
        indicator.catalogue.code if indicator.catalogue_id else "",
        indicator.measurement,
        _measure(indicator.baseline_value, indicator.baseline_year),
        _measure(indicator.target_value, indicator.target_year),
    ]
    return f" {FIELD_SEPARATOR} ".join(parts)


def parse_indicators_cell(text: str, catalogue: dict) -> list[dict]:
    """The indicators of a cell as the indicator services take them; IndicatorCellError says
    what is wrong with which indicator."""
    parts = [part.strip() for part in text.split(INDICATOR_SEPARATOR) if part.strip()]
    return [_parse(part, number, catalogue) for number, part in enumerate(parts, start=1)]


def _parse(text: str, number: int, catalogue: dict) -> dict:
    fields = [field.strip() for field in text.split(FIELD_SEPARATOR)]
    if len(fields) > 6 or not fields[0]:
        raise IndicatorCellError(
            _("indicator %(n)s needs name | unit | catalogue | measurement | baseline | target")
            % {"n": number}
        )
    name, unit, code, measurement, baseline, target = fields + [""] * (6 - len(fields))
    entry = None
    if code:
        entry = catalogue.get(code.upper())
        if entry is None:
            raise IndicatorCellError(
                _("indicator %(n)s: %(code)s is not in the indicator catalogue")
                % {"n": number, "code": code}
            )
    if not unit and (entry is None or not entry.unit):
        raise IndicatorCellError(
            _("indicator %(n)s needs a unit or a catalogue code with one") % {"n": number}
        )
    measurement = measurement.lower() or Measurement.PERIODIC
    if measurement not in Measurement.values:
        raise IndicatorCellError(
            _("indicator %(n)s: the measurement is periodic or cumulative") % {"n": number}
        )
    return {
        "name": name,
        "unit": unit,
        "catalogue": entry,
        "measurement": measurement,
        **_value_at(baseline, "baseline", number),
        **_value_at(target, "target", number),
    }


def _value_at(text: str, prefix: str, number: int) -> dict:
    value, _sep, year = text.partition(AT)
    try:
        parsed = Decimal(value.strip()) if value.strip() else None
        parsed_year = int(year.strip()) if year.strip() else None
    except (InvalidOperation, ValueError):
        raise IndicatorCellError(
            _("indicator %(n)s: '%(text)s' is not a value like 60@2020")
            % {"n": number, "text": text}
        ) from None
    if parsed is not None and not parsed.is_finite():
        raise IndicatorCellError(
            _("indicator %(n)s: '%(text)s' is not a value like 60@2020")
            % {"n": number, "text": text}
        )
    return {f"{prefix}_value": parsed, f"{prefix}_year": parsed_year}
