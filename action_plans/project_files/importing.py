"""Import projects from a CSV or XLSX file in the layout of `columns.COLUMNS`.

Every row is checked before anything is written; one bad row and nothing is imported. A project
is found by its plan (the city's plan for the period of the import's year, or for the latest
period the network has plans in; created when missing) and its title, so
importing a file again updates the projects instead of duplicating them, and an unchanged row
writes nothing. A column absent from the file leaves that field of existing projects alone.

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

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import (
    STAGE_OF_READINESS,
    ActionPlan,
    FocusArea,
    FundingModel,
    FundingSource,
    GesiGroup,
    OperationPayer,
    PeriodStatus,
    PlanPeriod,
    ProgressUpdate,
    Project,
    ReadinessStage,
    Stage,
    StrategicOutcome,
    UpdateStatus,
)
from action_plans.project_files.columns import (
    ALIASES,
    COLUMN_NAMES,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
)
from action_plans.project_files.funding import FundingCellError, parse_funding_cell
from action_plans.project_files.tables import Table, UnreadableFile, read_table
from action_plans.services.funding import (
    check_funding_within_budget,
    funding_sources_prepare,
    funding_sources_replace,
)
from cities.models import City
from core import policy
from core.concurrency import VersionConflict, update_versioned
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
# Text columns and their length limit (None: any length).
TEXT_LIMITS = {
    "title": 200,
    "lead_agency": 200,
    "partnership_needs": None,
    "summary": None,
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


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of the file (line None: the whole file)."""

    line: int | None
    messages: tuple[str, ...]

    def __str__(self) -> str:
        where = _("file") if self.line is None else _("line %(line)s") % {"line": self.line}
        return f"{where}: {'; '.join(self.messages)}"


class ProjectImportError(Exception):
    """Nothing was imported; `errors` lists every bad line of the file."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    plans_created: list[str] = field(default_factory=list)
    progress_recorded: int = 0
    progress_unchanged: int = 0

    @property
    def projects(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return _(
            "Projects: %(created)s created, %(updated)s updated, %(unchanged)s unchanged. "
            "Action plans created: %(plans)s. "
            "Progress updates: %(progress)s recorded, %(progress_unchanged)s unchanged."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "plans": len(self.plans_created),
            "progress": self.progress_recorded,
            "progress_unchanged": self.progress_unchanged,
        }


@dataclass
class ProjectRow:
    """A valid row: the city, the title and the values of the columns the file has."""

    line: int
    city: City
    title: str
    values: dict[str, Any]
    relations: dict[str, set[int]]
    progress: tuple[int, str, int] | None
    funding: list[FundingSource] | None = None


def projects_import(
    *,
    data: bytes,
    filename: str,
    actor=None,
    year: int | None = None,
    city: City | None = None,
    period: str | None = None,
) -> ImportResult:
    """Import a project file, all or nothing.

    `actor` is the signed-in user (None only from the command line, which may import anything);
    `city` restricts the file to that city's projects; `year` is the default reporting year;
    `period` (a code) chooses the plans to fill, else the period of `year`, else the current.
    Raises ProjectImportError listing every bad line.
    """
    try:
        table = read_table(data, filename)
    except UnreadableFile as exc:
        raise ProjectImportError([RowError(None, (str(exc),))]) from exc
    period = import_period(year, code=period)
    if period is None:
        message = _("No plan period covers %(year)s.") % {"year": year or period}
        raise ProjectImportError([RowError(None, (message,))])
    validator = _Validator(table, actor=actor, year=year, only_city=city, period=period)
    rows = validator.validate()
    return _write(rows, actor=actor, default_source=PurePath(filename).name, period=period)


def import_period(year: int | None, *, code: str | None = None) -> PlanPeriod | None:
    """The period whose plans a file fills: the one named, else the one of the reporting year,
    else the latest one the network has plans in (an import never starts a period: ASEC does)."""
    periods = PlanPeriod.objects.all()
    if code:
        chosen = periods.filter(code=code).first()
        if chosen and year is not None and year not in chosen.years:
            return None
        return chosen
    if year is not None:
        return periods.filter(start_year__lte=year, end_year__gte=year).first()
    started = periods.filter(Q(plans__isnull=False) | Q(started_at__isnull=False))
    latest_started = started.distinct().order_by("-start_year").first()
    closed = periods.filter(status=PeriodStatus.CLOSED).order_by("-start_year").first()
    return latest_started or closed or periods.order_by("start_year").first()


class _Validator:
    def __init__(self, table: Table, *, actor, year, only_city: City | None, period: PlanPeriod):
        self.table = table
        self.period = period
        self.actor = actor
        self.year = year
        self.only_city = only_city
        self.cities = {c.slug: c for c in City.objects.select_related("country")}
        self.plans = {
            plan.city_id: plan
            for plan in ActionPlan.objects.filter(period=period).select_related("city").order_by()
        }
        self.codes = {
            name: dict(model.objects.values_list("code", "pk"))
            for name, model in M2M_COLUMNS.items()
        }
        self.partners = {p.slug: p for p in Partner.objects.all()}

    def validate(self) -> list[ProjectRow]:
        columns = self.columns()
        rows, errors, seen = [], [], {}
        for line, values in self.table.rows:
            messages: list[str] = []
            parser = _RowParser(self, line, columns, values, messages)
            row = parser.parse()
            if parser.key in seen:
                messages.append(
                    _("same city and title as line %(line)s") % {"line": seen[parser.key]}
                )
            elif parser.key:
                seen[parser.key] = line
            if messages:
                errors.append(RowError(line, tuple(messages)))
            else:
                rows.append(row)
        if errors:
            raise ProjectImportError(errors)
        if not rows:
            raise ProjectImportError([RowError(None, (_("The file has no project rows."),))])
        return rows

    def columns(self) -> list[str]:
        """Canonical column names of the header, or an error on line 1."""
        columns = [ALIASES.get(name, name) for name in map(_column_name, self.table.header)]
        messages = []
        header = self.table.header
        unknown = [h for h, c in zip(header, columns, strict=True) if c not in COLUMN_NAMES]
        if unknown:
            messages.append(
                _("unknown columns: %(unknown)s (the columns are: %(known)s)")
                % {
                    "unknown": ", ".join(f"'{name}'" for name in unknown),
                    "known": ", ".join(COLUMN_NAMES),
                }
            )
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        if repeated:
            messages.append(_("repeated columns: %(names)s") % {"names": ", ".join(repeated)})
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            messages.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
        if messages:
            raise ProjectImportError([RowError(1, tuple(messages))])
        return columns

    def city_problem(self, city: City) -> str | None:
        """Why this user may not import projects of this city, if they may not."""
        if self.only_city is not None and city.pk != self.only_city.pk:
            return _("this import is for %(allowed)s only, not %(city)s") % {
                "allowed": self.only_city.name,
                "city": city.name,
            }
        if self.actor is None:
            return None
        if not policy.can_import_projects(self.actor, city):
            return _("you may not import projects of %(city)s") % {"city": city.name}
        plan = self.plans.get(city.pk)
        if plan is not None and not policy.can_import_into_plan(self.actor, plan):
            return _(
                "the action plan of %(city)s is %(status)s and cannot be changed until it is "
                "returned to draft"
            ) % {"city": city.name, "status": plan.get_status_display().lower()}
        return None


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

    def funding(self, values: dict[str, Any]) -> list[FundingSource] | None:
        if "funding_sources" not in self.cells:
            return None
        try:
            items = parse_funding_cell(self.cells["funding_sources"], self.v.partners)
            sources = funding_sources_prepare(items)
            check_funding_within_budget(values.get("budget_usd"), sources)
        except FundingCellError as error:
            self.error(str(error))
        except ValidationError as error:
            for message in error.messages:
                self.error(message)
        else:
            return sources
        return None


class _RowParser(_FinanceColumns):
    """Turns one line into a ProjectRow, appending a message for every problem it finds."""

    def __init__(self, validator: _Validator, line: int, columns, values, messages):
        self.v = validator
        self.line = line
        self.cells = dict(zip(columns, values, strict=False))
        self.extra = [value for value in values[len(columns) :] if value]
        self.messages = messages
        self.key: tuple[int, str] | None = None

    def error(self, message: str, **params) -> None:
        self.messages.append(message % params if params else message)

    def parse(self) -> ProjectRow | None:
        if self.extra:
            self.error(_("more cells than the header has columns"))
        city = self.city()
        title = self.text("title", required=True)
        if city is not None and title:
            self.key = (city.pk, title)
        values = {
            name: self.text(name) for name in TEXT_LIMITS if name in self.cells and name != "title"
        }
        relations = {name: self.codes(name) for name in M2M_COLUMNS if name in self.cells}
        values.update(self.numbers())
        values.update(self.choices())
        progress = self.progress(values)
        self.readiness(values)
        funding = self.funding(values)
        if self.messages or city is None:
            return None
        return ProjectRow(self.line, city, title, values, relations, progress, funding)

    # --- columns ------------------------------------------------------------------------------

    def city(self) -> City | None:
        slug = self.cells.get("city", "").lower()
        if not slug:
            self.error(_("city is required"))
            return None
        city = self.v.cities.get(slug)
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
        problem = self.v.city_problem(city)
        if problem:
            self.error(problem)
        return city

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

    def codes(self, column: str) -> set[int]:
        known = self.v.codes[column]
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
        return {known[code] for code in codes if code in known}

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

    def progress(self, values: dict[str, Any]) -> tuple[int, str, int] | None:
        """The (year, status, percent) to record, and the stage that follows from the status."""
        status = self.choice("status", UpdateStatus.values, extra=(ONGOING_OR_PLANNING,))
        percent = self.integer("percent_complete", 0, 100)
        period = self.v.period
        year = self.integer("progress_year", period.start_year, period.end_year) or self.v.year
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
        return year, status, percent


def _column_name(header: str) -> str:
    return header.strip().lower().replace(" ", "_")


# --- writing -------------------------------------------------------------------------------------


def _write(rows: list[ProjectRow], *, actor, default_source: str, period) -> ImportResult:
    """All rows in one transaction: if someone edits one of the projects meanwhile, none is."""
    writer = _Writer(actor=actor, default_source=default_source, period=period)
    with transaction.atomic():
        writer.prepare(rows)
        for row in rows:
            try:
                writer.write(row)
            except VersionConflict as conflict:
                message = _("changed by someone else during the import; please try again")
                raise ProjectImportError([RowError(row.line, (message,))]) from conflict
    return writer.result


class _Writer:
    def __init__(self, *, actor, default_source: str, period):
        self.actor = actor
        self.period = period
        self.default_source = default_source
        self.result = ImportResult()

    def prepare(self, rows: list[ProjectRow]) -> None:
        self.plans = _plans_for(rows, self.result, self.period)
        self.projects = _existing_projects(self.plans.values())
        self.updates = _existing_updates(self.projects.values(), rows)
        self.positions = _next_positions(self.plans.values())

    def write(self, row: ProjectRow) -> None:
        plan = self.plans[row.city.pk]
        project = self.projects.get((plan.pk, row.title))
        if project is None:
            project = self.create_project(row, plan)
            self.result.created += 1
        elif _update_project(project, row):
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        if row.funding is not None and _funding_differs(project, row.funding):
            funding_sources_replace(project=project, sources=row.funding, actor=self.actor)
        if row.progress:
            self.record_progress(project, *row.progress)

    def create_project(self, row: ProjectRow, plan: ActionPlan) -> Project:
        values = {"source": self.default_source, **row.values}
        project = Project(plan=plan, title=row.title, position=self.positions[plan.pk], **values)
        project.primary_focus_area = _first_in_ascf_order(row.relations.get("focus_areas", ()))
        self.positions[plan.pk] += 1
        _as_actor(project, self.actor).save()
        for name, ids in row.relations.items():
            getattr(project, name).set(ids)
        self.projects[(plan.pk, row.title)] = project
        return project

    def record_progress(self, project: Project, year: int, status: str, percent: int) -> None:
        update = self.updates.get((project.pk, year))
        changes = {"status": status, "percent_complete": percent, "submitted_by": self.actor}
        if update is None:
            update = ProgressUpdate(project=project, year=year, **changes)
            _as_actor(update, self.actor).save()
            self.updates[(project.pk, year)] = update
        elif (update.status, update.percent_complete) == (status, percent):
            self.result.progress_unchanged += 1
            return
        else:
            update_versioned(update, expected_version=update.version, changes=changes)
        self.result.progress_recorded += 1


def _plans_for(rows: list[ProjectRow], result: ImportResult, period) -> dict[int, ActionPlan]:
    """The period's plan of every city in the file, locked; missing ones are created."""
    cities = {row.city.pk: row.city for row in rows}
    plans = {
        plan.city_id: plan
        for plan in ActionPlan.objects.select_for_update()
        .filter(city__in=cities, period=period)
        .order_by("pk")
    }
    for city_id, city in cities.items():
        if city_id not in plans:
            plans[city_id] = ActionPlan.objects.create(city=city, period=period)
            result.plans_created.append(city.name)
    return plans


def _existing_projects(plans) -> dict[tuple[int, str], Project]:
    projects = Project.objects.filter(plan__in=list(plans)).prefetch_related(*M2M_COLUMNS)
    return {(project.plan_id, project.title): project for project in projects}


def _existing_updates(projects, rows) -> dict[tuple[int, int], ProgressUpdate]:
    years = {row.progress[0] for row in rows if row.progress}
    updates = ProgressUpdate.objects.filter(project__in=list(projects), year__in=years)
    return {(update.project_id, update.year): update for update in updates}


def _next_positions(plans) -> dict[int, int]:
    positions = {plan.pk: 0 for plan in plans}
    for plan_id, position in Project.objects.filter(plan__in=list(plans)).values_list(
        "plan_id", "position"
    ):
        positions[plan_id] = max(positions[plan_id], position + 1)
    return positions


def _update_project(project: Project, row: ProjectRow) -> bool:
    """Write what differs, unless someone changed the project meanwhile; True when anything did."""
    changes = {name: value for name, value in row.values.items() if getattr(project, name) != value}
    relations = {
        name: ids
        for name, ids in row.relations.items()
        if {item.pk for item in getattr(project, name).all()} != ids
    }
    if not changes and not relations:
        return False
    areas = relations.get("focus_areas")
    if areas and project.primary_focus_area_id not in areas:
        changes["primary_focus_area"] = _first_in_ascf_order(areas)
    update_versioned(project, expected_version=project.version, changes=changes, m2m=relations)
    return True


FUNDING_KEY = (
    "funder_kind",
    "partner_id",
    "funder_name",
    "instrument",
    "amount",
    "currency",
    "amount_usd",
    "status",
    "iati_identifier",
    "funder_reference",
)


def _funding_differs(project: Project, sources: list[FundingSource]) -> bool:
    def key(source):
        return tuple(getattr(source, name) for name in FUNDING_KEY)

    return [key(s) for s in project.funding_sources.all()] != [key(s) for s in sources]


def _first_in_ascf_order(focus_area_ids) -> FocusArea | None:
    return FocusArea.objects.filter(pk__in=focus_area_ids).order_by("position", "code").first()


def _as_actor(instance, actor):
    """Name the importer in the change history (simple_history reads `_history_user`)."""
    if actor is not None:
        instance._history_user = actor
    return instance
