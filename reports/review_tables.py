"""The review's figures as report tables (issue 15 point 5): what changed since the year before
and how the flagged figures were explained. The data comes from review.selectors (the frozen
snapshot of a closed year, the live data of the open one); the report shows only the projects of
published plans, the dashboards what the user may see."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.tables import Table
from review import selectors as review

KIND_LABELS = {
    "new": gettext_lazy("New project"),
    "completed": gettext_lazy("Completed"),
    "cancelled": gettext_lazy("Cancelled"),
    "stage": gettext_lazy("Stage changed"),
    "progress": gettext_lazy("Progress"),
    "slipped": gettext_lazy("End year slipped"),
    "target_reached": gettext_lazy("Target reached"),
    "not_reported": gettext_lazy("Did not report"),
}


def changes_table(cities, year: int, *, project_ids=None) -> Table:
    rows = [
        [
            change["city_name"],
            str(KIND_LABELS[change["kind"]]),
            change["title"],
            change["indicator"],
            _cell(change["before_label"]),
            _cell(change["after_label"]),
        ]
        for change in review.changes_of(cities, year, project_ids=project_ids)
    ]
    return Table(
        "changes",
        _("What changed since %(year)s") % {"year": year - 1},
        [_("City"), _("Change"), _("Project"), _("Indicator"), _("Before"), _("After")],
        rows,
    )


def flags_table(city_ids, year: int, *, project_ids=None) -> Table:
    rows = [
        [str(row["label"]), row["raised"], row["answered"], row["open"]]
        for row in review.quality_table(city_ids, year, project_ids=project_ids)
    ]
    return Table(
        "plausibility_flags",
        _("Figures flagged as unusual and how the cities explained them"),
        [_("Flag"), _("Raised"), _("Explained"), _("Not explained")],
        rows,
    )


def _cell(value):
    return "" if value is None else value
