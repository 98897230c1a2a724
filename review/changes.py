"""What changed between two years of a city's report (issue 15 point 5), from two states (a
frozen snapshot or the live data, review.selectors.year_states): new projects, completed,
cancelled, other stage changes, progress up or down with its size, slipped end years, indicators
that reached their target, cities that did not report. Pure: no database here."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

KINDS = (
    "new",
    "completed",
    "cancelled",
    "stage",
    "progress",
    "slipped",
    "target_reached",
    "not_reported",
)


@dataclass(frozen=True)
class Change:
    kind: str
    city_id: int
    project_id: int | None = None
    title: str = ""
    indicator: str = ""
    before: object = None
    after: object = None

    def as_dict(self) -> dict:
        return asdict(self)


def city_changes(city_id: int, before: dict | None, after: dict) -> list[Change]:
    if not after.get("reported"):
        return [Change("not_reported", city_id)]
    earlier = (before or {}).get("projects", {})
    changes = []
    for key, now in after["projects"].items():
        then = earlier.get(key) or earlier.get(str(now.get("predecessor")))
        changes += _project_changes(city_id, int(key), then, now)
    return changes


def _project_changes(city_id, project_id, then, now) -> list[Change]:
    base = {"city_id": city_id, "project_id": project_id, "title": now["title"]}
    if then is None:
        return [Change("new", **base, after=now["stage"])]
    found = _stage_change(then, now, base)
    percents = (then.get("percent"), now.get("percent"))
    if None not in percents and percents[0] != percents[1]:
        found.append(Change("progress", **base, before=percents[0], after=percents[1]))
    if then.get("end_year") and now.get("end_year") and now["end_year"] > then["end_year"]:
        found.append(Change("slipped", **base, before=then["end_year"], after=now["end_year"]))
    for key, indicator in now["indicators"].items():
        earlier = then["indicators"].get(key) or _by_name(then["indicators"], indicator["name"])
        if reached(indicator) and not (earlier and reached(earlier)):
            found.append(
                Change(
                    "target_reached",
                    **base,
                    indicator=indicator["name"],
                    before=earlier["value"] if earlier else None,
                    after=indicator["value"],
                )
            )
    return found


def _stage_change(then, now, base) -> list[Change]:
    before, after = _stage(then), _stage(now)
    if before == after:
        return []
    kind = after if after in ENDED else "stage"
    return [Change(kind, **base, before=before, after=after)]


ENDED = ("completed", "cancelled")


def _stage(state: dict) -> str:
    """The project's stage, or completed/cancelled when the year's update says so before the
    project's own stage was changed."""
    return state.get("status") if state.get("status") in ENDED else state["stage"]


def _by_name(indicators: dict, name: str) -> dict | None:
    return next((i for i in indicators.values() if i["name"] == name), None)


def reached(indicator: dict) -> bool:
    """Whether the latest value has reached the target, in the direction from the baseline."""
    if indicator.get("value") is None or indicator.get("target") is None:
        return False
    value, target = Decimal(indicator["value"]), Decimal(indicator["target"])
    baseline = Decimal(indicator["baseline"]) if indicator.get("baseline") else Decimal(0)
    return value <= target if target < baseline else value >= target


def network_changes(before: dict[int, dict], after: dict[int, dict]) -> list[Change]:
    """Every city's changes, cities in the order given."""
    found = []
    for city_id, state in after.items():
        found += city_changes(city_id, before.get(city_id), state)
    return found
