"""One line of a project file into a `ProjectRow`, with a message for every problem of its cells.

Progress for a reporting year (the row's `progress_year`, else the year given to the import):
- `on_track`, `at_risk`, `delayed`, `cancelled` record that status with `percent_complete`,
  which they require; `completed` records 100 % unless another percent is given.
- `ongoing_or_planning`, the M&E report's word, says neither how far a project is nor whether it
  is on schedule, so it sets the stage to ongoing and records no progress update.
- Without a reporting year, `completed` and `cancelled` only set the stage; a status or percent
  that would need a year to be kept is an error rather than silently dropped.
When `stage` is blank or absent it follows the status (completed, cancelled, else ongoing).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import (
    STAGE_OF_READINESS,
    CatalogueIndicator,
    FocusArea,
    FundingModel,
    FundingSource,
    GesiGroup,
    OperationPayer,
    PlanPeriod,
    ReadinessStage,
    Stage,
    StrategicOutcome,
    UpdateStatus,
)
from action_plans.project_files.columns import LIST_SEPARATOR
from action_plans.project_files.funding import FundingCellError, parse_funding_cell
from action_plans.project_files.indicators import IndicatorCellError, parse_indicators_cell
from action_plans.services.funding import check_funding_within_budget, funding_sources_prepare
from action_plans.services.project_import import ProgressEntry, ProjectRow
from cities.models import City
from core import text_limits
from partners.models import Partner

MIN_YEAR, MAX_YEAR = 1990, 2100
ONGOING_OR_PLANNING = "ongoing_or_planning"
STAGE_OF_STATUS = {
    ONGOING_OR_PLANNING: Stage.ONGOING,
    UpdateStatus.COMPLETED: Stage.COMPLETED,
    UpdateStatus.CANCELLED: Stage.CANCELLED,
    UpdateStatus.ON_TRACK: Stage.ONGOING,
    UpdateStatus.AT_RISK: Stage.ONGOING,
    UpdateStatus.DELAYED: Stage.ONGOING,
}
STAGE_ONLY_WITHOUT_YEAR = {ONGOING_OR_PLANNING, UpdateStatus.COMPLETED, UpdateStatus.CANCELLED}
# Text columns and their length limit: the model's, so that a row the parser lets through is
# not refused later by the project service.
TEXT_LIMITS = {
    "title": 200,
    "lead_agency": 200,
    "partnership_needs": text_limits.SUMMARY,
    "summary": text_limits.SUMMARY,
    "source": 200,
}
M2M_COLUMNS = {"focus_areas": FocusArea, "outcomes": StrategicOutcome, "gesi_groups": GesiGroup}
CODE_NAMES = {
    "focus_areas": gettext_lazy("focus area"),
    "outcomes": gettext_lazy("strategic outcome"),
    "gesi_groups": gettext_lazy("GESI group"),
}
TRUE_WORDS, FALSE_WORDS = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
BUDGET_LIMIT = Decimal("1e12")  # Project.budget_usd holds 12 digits before the point
ID_LIMIT = 2**63  # a database id is a 64-bit integer


@dataclass
class Lookups:
    """What the cells of a file are checked against, read once per import."""

    period: PlanPeriod
    year: int | None
    cities: dict[str, City]
    codes: dict[str, dict[str, Any]]
    partners: dict[str, Partner]
    catalogue: dict[str, CatalogueIndicator]

    @classmethod
    def load(cls, period: PlanPeriod, year: int | None) -> Lookups:
        return cls(
            period=period,
            year=year,
            cities={c.slug: c for c in City.objects.select_related("country")},
            codes={
                name: {item.code: item for item in model.objects.all()}
                for name, model in M2M_COLUMNS.items()
            },
            partners={p.slug: p for p in Partner.objects.all()},
            catalogue={c.code.upper(): c for c in CatalogueIndicator.objects.all()},
        )


class _FinanceColumns:
    """Readiness and funding sources of a row, checked by the same rules as the services."""

    def readiness(self, values: dict[str, Any]) -> None:
        readiness = values.get("readiness")
        if not readiness:
            return
        expected = STAGE_OF_READINESS[readiness]
        stage = values.get("stage")
        if not stage:
            values["stage"] = expected
        elif stage not in (expected, Stage.CANCELLED):
            self.error(
                _("readiness %(readiness)s means the stage is %(expected)s, not %(stage)s"),
                readiness=readiness,
                expected=expected,
                stage=stage,
            )

    def funding(self, values: dict[str, Any]) -> tuple[FundingSource, ...] | None:
        if "funding_sources" not in self.cells:
            return None
        try:
            items = parse_funding_cell(self.cells["funding_sources"], self.lookups.partners)
            sources = funding_sources_prepare(items)
            check_funding_within_budget(values.get("budget_usd"), sources)
        except FundingCellError as error:
            self.error(str(error))
        except ValidationError as error:
            for message in error.messages:
                self.error(message)
        else:
            return tuple(sources)
        return None


class _IndicatorColumn:
    def indicators(self) -> tuple[dict, ...] | None:
        if "indicators" not in self.cells:
            return None
        try:
            return tuple(parse_indicators_cell(self.cells["indicators"], self.lookups.catalogue))
        except IndicatorCellError as error:
            self.error(str(error))
        return None


class RowParser(_FinanceColumns, _IndicatorColumn):
    """Turns one line into a ProjectRow, appending a message for every problem it finds.

    After `parse()`, `city`, `title` and `project_id` say what the row names (as far as they could
    be read), so the validation can find rows naming the same project."""

    def __init__(self, lookups: Lookups, line: int, columns: list[str], values: list[str]):
        self.lookups = lookups
        self.line = line
        self.cells = dict(zip(columns, values, strict=False))
        self.extra = [value for value in values[len(columns) :] if value]
        self.messages: list[str] = []
        self.city: City | None = None
        self.title = ""
        self.project_id: int | None = None

    def error(self, message: str, **params) -> None:
        self.messages.append(message % params if params else message)

    def parse(self) -> ProjectRow | None:
        if self.extra:
            self.error(_("more cells than the header has columns"))
        self.city = self.parse_city()
        self.title = self.text("title", required=True)
        self.project_id = self.parse_id()
        values = {
            name: self.text(name) for name in TEXT_LIMITS if name in self.cells and name != "title"
        }
        m2m = {name: self.codes(name) for name in M2M_COLUMNS if name in self.cells}
        values.update(self.numbers())
        values.update(self.choices())
        progress = self.progress(values)
        self.readiness(values)
        funding = self.funding(values)
        indicators = self.indicators()
        if self.messages or self.city is None:
            return None
        return ProjectRow(
            line=self.line,
            city=self.city,
            title=self.title,
            project_id=self.project_id,
            fields=values,
            m2m=m2m,
            funding=funding,
            indicators=indicators,
            progress=progress,
        )

    # --- columns ------------------------------------------------------------------------------

    def parse_city(self) -> City | None:
        slug = self.cells.get("city", "").lower()
        if not slug:
            self.error(_("city is required"))
            return None
        city = self.lookups.cities.get(slug)
        if city is None:
            self.error(_("unknown city '%(slug)s'"), slug=slug)
            return None
        country = self.cells.get("country", "").upper()
        if country and country != city.country.code:
            self.error(
                _("%(city)s is in %(code)s, not %(country)s"),
                city=city.name,
                code=city.country.code,
                country=country,
            )
        return city

    def parse_id(self) -> int | None:
        value = self.cells.get("id", "")
        if not value:
            return None
        if not value.isdigit() or not 0 < int(value) < ID_LIMIT:
            self.error(_("id '%(value)s' is not the id of a project, such as 42"), value=value)
            return None
        return int(value)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        limit = TEXT_LIMITS[column]
        if required and not value:
            self.error(_("%(column)s is required"), column=column)
        elif limit and len(value) > limit:
            self.error(
                _("%(column)s is longer than %(limit)s characters"), column=column, limit=limit
            )
        return value

    def codes(self, column: str) -> list:
        known = self.lookups.codes[column]
        codes = [c.strip().lower() for c in self.cells[column].split(LIST_SEPARATOR) if c.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            self.error(
                _("unknown %(what)s code %(codes)s (known: %(known)s)"),
                what=CODE_NAMES[column],
                codes=", ".join(f"'{code}'" for code in unknown),
                known=", ".join(known),
            )
        if column == "focus_areas" and not codes:
            self.error(_("at least one focus area is required"))
        return list({known[code].pk: known[code] for code in codes if code in known}.values())

    def numbers(self) -> dict[str, Any]:
        values = {}
        for column in ("start_year", "end_year"):
            if column in self.cells:
                values[column] = self.integer(column, MIN_YEAR, MAX_YEAR)
        start, end = values.get("start_year"), values.get("end_year")
        if start and end and end < start:
            self.error(_("end_year %(end)s is before start_year %(start)s"), end=end, start=start)
        if "budget_usd" in self.cells:
            values["budget_usd"] = self.budget()
        if "om_cost_usd" in self.cells:
            values["om_cost_usd"] = self.budget("om_cost_usd")
        return values

    def integer(self, column: str, low: int, high: int) -> int | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.error(
                _("%(column)s '%(value)s' is not a whole number from %(low)s to %(high)s"),
                column=column,
                value=value,
                low=low,
                high=high,
            )
            return None
        return int(value)

    def budget(self, column: str = "budget_usd") -> Decimal | None:
        value = self.cells[column]
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or not 0 <= amount < BUDGET_LIMIT:
            self.error(
                _("%(column)s '%(value)s' is not an amount of US dollars such as 2500000.50"),
                column=column,
                value=value,
            )
            return None
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def choices(self) -> dict[str, Any]:
        values = {}
        for column, allowed in (
            ("stage", Stage.values),
            ("funding_model", FundingModel.values),
            ("readiness", ReadinessStage.values),
            ("om_paid_by", OperationPayer.values),
        ):
            if column in self.cells:
                values[column] = self.choice(column, allowed)
        if "seeking_partners" in self.cells:
            word = self.cells["seeking_partners"].lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                self.error(_("seeking_partners '%(value)s' is not yes or no"), value=word)
            values["seeking_partners"] = word in TRUE_WORDS
        return values

    def choice(self, column: str, allowed, *, extra: tuple[str, ...] = ()) -> str:
        value = self.cells.get(column, "").lower()
        if value and value not in (*allowed, *extra):
            self.error(
                _("%(column)s '%(value)s' is not one of %(allowed)s"),
                column=column,
                value=value,
                allowed=", ".join((*allowed, *extra)),
            )
            return ""
        return value

    def progress(self, values: dict[str, Any]) -> ProgressEntry | None:
        """The progress to record, and the stage that follows from the status."""
        status = self.choice("status", UpdateStatus.values, extra=(ONGOING_OR_PLANNING,))
        percent = self.integer("percent_complete", 0, 100)
        period = self.lookups.period
        year = (
            self.integer("progress_year", period.start_year, period.end_year) or self.lookups.year
        )
        if not values.get("stage"):
            values.pop("stage", None)
            if status:
                values["stage"] = STAGE_OF_STATUS[status]
        if percent is not None and status in ("", ONGOING_OR_PLANNING):
            self.error(_("percent_complete needs a status such as on_track, at_risk or delayed"))
            return None
        if not status or status == ONGOING_OR_PLANNING:
            return None
        if year is None:
            if status not in STAGE_ONLY_WITHOUT_YEAR or percent is not None:
                self.error(
                    _(
                        "status %(status)s needs a reporting year: fill progress_year or give "
                        "a year to the import"
                    ),
                    status=status,
                )
            return None
        if percent is None and status == UpdateStatus.COMPLETED:
            percent = 100
        if percent is None:
            self.error(_("status %(status)s needs percent_complete"), status=status)
            return None
        return ProgressEntry(year=year, status=status, percent=percent)
