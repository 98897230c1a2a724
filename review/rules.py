"""The plausibility rules (issue 15 point 1): every check a saved progress update or indicator
value goes through, in one place. Thresholds come from `settings.PLAUSIBILITY`.

Each rule is a pure function of the saved object and what came before it; it returns the
parameters of its message when the claim looks implausible, None when it does not. The message
is written when it is shown, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULTS = {"jump_points": 40, "target_factor": 2}


def threshold(name: str):
    return getattr(settings, "PLAUSIBILITY", {}).get(name, DEFAULTS[name])


class Rule(models.TextChoices):
    JUMP = "jump", _("Big jump in a year")
    WENT_DOWN = "went_down", _("Percent complete went down")
    COMPLETED_BELOW_100 = "completed_below_100", _("Completed below 100 %")
    FULL_NOT_COMPLETED = "full_not_completed", _("100 % but not completed")
    COMPLETED_NO_NARRATIVE = "completed_no_narrative", _("Completed without a narrative")
    PAST_END_ONGOING = "past_end_ongoing", _("Past its end year, still going")
    BEYOND_TARGET = "beyond_target", _("Far beyond the target")
    AGAINST_DIRECTION = "against_direction", _("Moving away from the target")
    NO_YEAR = "no_year", _("A value without its year")


MESSAGES = {
    Rule.JUMP: _(
        "Percent complete jumped from %(before)s %% in %(before_year)s to %(after)s %% "
        "(more than %(limit)s points)."
    ),
    Rule.WENT_DOWN: _(
        "Percent complete went down from %(before)s %% in %(before_year)s to %(after)s %%."
    ),
    Rule.COMPLETED_BELOW_100: _('The status is "completed" but the project is %(after)s %% done.'),
    Rule.FULL_NOT_COMPLETED: _('The project is 100 %% done but its status is not "completed".'),
    Rule.COMPLETED_NO_NARRATIVE: _("The project is completed but the update has no narrative."),
    Rule.PAST_END_ONGOING: _(
        "The project was due to end in %(end_year)s and is still going, with no challenge "
        "explained."
    ),
    Rule.BEYOND_TARGET: _(
        "The value %(value)s is more than %(factor)s times the way to the target %(target)s."
    ),
    Rule.AGAINST_DIRECTION: _(
        "The value moved from %(before)s to %(value)s, away from the target %(target)s."
    ),
    Rule.NO_YEAR: _("The indicator's %(which)s value has no year of measurement."),
}


WHICH = {"baseline": _("baseline"), "target": _("target")}


def message(rule: str, params: dict) -> str:
    template = MESSAGES.get(rule)
    if template is None:
        return rule
    if "which" in params:
        params = {**params, "which": WHICH.get(params["which"], params["which"])}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        # Details stored by an older version of a rule: the rule's name still says what it is.
        return str(Rule(rule).label)


@dataclass(frozen=True)
class Finding:
    rule: str
    params: dict


# --- Progress updates ---------------------------------------------------------------------------


def check_progress(update, previous) -> list[Finding]:
    """`update` as saved; `previous` the project's last update of an earlier year (or None)."""
    checks = (_jump, _went_down, _completed_below_100, _full_not_completed, _no_narrative)
    found = [_finding(check(update, previous)) for check in checks]
    found.append(_finding(_past_end(update, update.project)))
    return [item for item in found if item]


def _finding(result):
    return Finding(*result) if result else None


def _jump(update, previous):
    limit = threshold("jump_points")
    if previous and update.percent_complete - previous.percent_complete > limit:
        return Rule.JUMP, _moved(update, previous) | {"limit": limit}
    return None


def _went_down(update, previous):
    if previous and update.percent_complete < previous.percent_complete:
        return Rule.WENT_DOWN, _moved(update, previous)
    return None


def _moved(update, previous) -> dict:
    return {
        "before": previous.percent_complete,
        "before_year": previous.year,
        "after": update.percent_complete,
    }


def _completed_below_100(update, previous):
    if update.status == "completed" and update.percent_complete < 100:
        return Rule.COMPLETED_BELOW_100, {"after": update.percent_complete}
    return None


def _full_not_completed(update, previous):
    if update.percent_complete == 100 and update.status != "completed":
        return Rule.FULL_NOT_COMPLETED, {}
    return None


def _no_narrative(update, previous):
    if update.status == "completed" and not update.narrative.strip():
        return Rule.COMPLETED_NO_NARRATIVE, {}
    return None


def _past_end(update, project):
    still_going = update.status not in ("completed", "cancelled")
    late = project.end_year is not None and update.year > project.end_year
    if late and still_going and not update.challenges.strip():
        return Rule.PAST_END_ONGOING, {"end_year": project.end_year}
    return None


# --- Indicator values ---------------------------------------------------------------------------


def check_value(value, indicator, previous: Decimal | None) -> list[Finding]:
    """`value` as saved; `previous` the value of an earlier year (or the baseline, or None)."""
    found = [
        _beyond_target(value.value, indicator),
        _against_direction(value.value, indicator, previous),
        _no_year(indicator),
    ]
    return [Finding(*item) for item in found if item]


def _direction(indicator) -> int:
    """+1 when the target is above the baseline, -1 when below, 0 when unknown."""
    if indicator.target_value is None:
        return 0
    baseline = indicator.baseline_value or Decimal(0)
    return (indicator.target_value > baseline) - (indicator.target_value < baseline)


def _beyond_target(value: Decimal, indicator):
    if indicator.target_value is None:
        return None
    factor = Decimal(str(threshold("target_factor")))
    baseline = indicator.baseline_value or Decimal(0)
    way = abs(indicator.target_value - baseline)
    if way and abs(value - baseline) > factor * way:
        params = {"value": _num(value), "factor": _num(factor)}
        return Rule.BEYOND_TARGET, params | {"target": _num(indicator.target_value)}
    return None


def _against_direction(value: Decimal, indicator, previous: Decimal | None):
    direction = _direction(indicator)
    if previous is None or not direction or (value - previous) * direction >= 0:
        return None
    params = {"before": _num(previous), "value": _num(value)}
    return Rule.AGAINST_DIRECTION, params | {"target": _num(indicator.target_value)}


def _no_year(indicator):
    if indicator.baseline_value is not None and indicator.baseline_year is None:
        return Rule.NO_YEAR, {"which": "baseline"}
    if indicator.target_value is not None and indicator.target_year is None:
        return Rule.NO_YEAR, {"which": "target"}
    return None


def _num(value) -> str:
    """A decimal as people write it (85, 2.5), for messages."""
    return format(Decimal(value).normalize(), "f")
