"""The bulk variant of the project services for project files (`action_plans.project_files`).

A file's rows, parsed and checked, are written through the editor's own services
(`project_create_in`, `project_update_in`, `progress_update_record`), so the import leaves the
same history (naming the actor), opens a new revision of a published plan the same way
(`importable_plan`), and obeys the same rules and cycle locks. The policy is asked once per plan
(`policy.can_import_into`): the parser turns a refusal into a message for its line, so a refusal
here means a caller skipped the parser, and is a PermissionDenied.

All rows are written in one transaction, each in a savepoint: a row the services refuse is kept
with its line and the next one is tried, and if any was refused the transaction is rolled back.
The person sees every refused row at once, and nothing is half-imported.

A row names its project by id (the export writes each project's public id, which a row of the
published layer shares with its working project), else by its title in its city's plan. An id
lets a file rename a project; an id the portal does not know (a project deleted since, a file
from another installation) names nothing, and the title decides as in a file without ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, FundingSource, PlanPeriod, ProgressUpdate, Project
from action_plans.services._common import importable_plan, require
from action_plans.services.progress import progress_update_record
from action_plans.services.projects import (
    indicators_import,
    project_create_in,
    project_update_in,
)
from cities.models import City
from core import policy
from core.concurrency import VersionConflict

IMPORTED_M2M = ("focus_areas", "outcomes", "gesi_groups")
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


@dataclass(frozen=True)
class ProgressEntry:
    """The progress a row reports for a year."""

    year: int
    status: str
    percent: int


@dataclass(frozen=True)
class ProjectRow:
    """One valid line of a project file: the project it names and what its columns say. Only the
    columns the file has are in `fields` and `m2m`; `funding` is None without that column."""

    line: int
    city: City
    title: str
    project_id: int | None = None
    fields: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)
    funding: tuple[FundingSource, ...] | None = None
    indicators: tuple[dict, ...] | None = None  # None without that column
    progress: ProgressEntry | None = None


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


def projects_import_rows(
    *, period: PlanPeriod, rows: list[ProjectRow], actor, source: str
) -> ImportResult:
    """Write `rows` into the plans of `period`, all or nothing (see the module). `source` is what
    a new project's `source` says when the file has no such column: the file's name."""
    writer = _Writer(period=period, actor=actor, source=source)
    with transaction.atomic():
        writer.open(rows)
        errors = [error for row in rows if (error := writer.write(row))]
        if errors:
            raise ProjectImportError(errors)
    return writer.result


class _Writer:
    def __init__(self, *, period: PlanPeriod, actor, source: str):
        self.period, self.actor, self.source = period, actor, source
        self.result = ImportResult()
        self.written: dict[int, int] = {}

    def open(self, rows: list[ProjectRow]) -> None:
        """Lock (or create) the plan of every city in the file and read what the rows change."""
        self.plans = self.lock_plans({row.city.pk: row.city for row in rows})
        projects = (
            Project.objects.filter(plan__in=list(self.plans.values()))
            .select_related("plan__period")
            .prefetch_related(*IMPORTED_M2M, "funding_sources")
        )
        self.projects = {project.pk: project for project in projects}
        self.titles = {(p.plan_id, p.title): p.pk for p in self.projects.values()}
        self.known_ids = _working_projects(rows)
        years = {row.progress.year for row in rows if row.progress}
        updates = ProgressUpdate.objects.filter(project__in=list(self.projects), year__in=years)
        self.updates = {(update.project_id, update.year): update for update in updates}

    def lock_plans(self, cities: dict[int, City]) -> dict[int, ActionPlan]:
        locked = {
            plan.city_id: plan
            for plan in ActionPlan.objects.select_for_update(of=("self",))
            .select_related("city")
            .filter(city__in=cities, period=self.period)
            .order_by("pk")
        }
        plans = {}
        for city_id, city in cities.items():
            require(policy.can_import_into(self.actor, city, locked.get(city_id)))
            plans[city_id] = locked.get(city_id) or self.create_plan(city)
        return plans

    def create_plan(self, city: City) -> ActionPlan:
        plan = ActionPlan(city=city, period=self.period)
        plan._history_user = self.actor
        plan.save()
        self.result.plans_created.append(city.name)
        return plan

    def write(self, row: ProjectRow) -> RowError | None:
        """Write one row in a savepoint; what the services refuse becomes the row's error."""
        try:
            with transaction.atomic():
                self.write_row(row)
        except ValidationError as error:
            return RowError(row.line, tuple(error.messages))
        except VersionConflict:
            message = _("changed by someone else during the import; please try again")
            return RowError(row.line, (message,))
        return None

    def write_row(self, row: ProjectRow) -> None:
        plan = self.plans[row.city.pk]
        project = self.target(row, plan)
        if project is None:
            project = self.create(row, plan)
            self.write_indicators(project, row)
            self.result.created += 1
        elif self.update(project, row) | self.write_indicators(project, row):
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        self.written[project.pk] = row.line
        if row.progress:
            self.record_progress(project, row.progress)

    def target(self, row: ProjectRow, plan: ActionPlan) -> Project | None:
        """The working project the row names: by its id when the portal knows it, else by title."""
        known = self.known_ids.get(row.project_id)
        if known is not None and known[1] != plan.pk:
            raise ValidationError(
                _("id %(id)s is not a project of the plan of %(city)s for %(period)s")
                % {"id": row.project_id, "city": row.city.name, "period": self.period.name}
            )
        pk = known[0] if known else self.titles.get((plan.pk, row.title))
        if pk in self.written:
            raise ValidationError(_("same project as line %(line)s") % {"line": self.written[pk]})
        return self.projects.get(pk)

    def create(self, row: ProjectRow, plan: ActionPlan) -> Project:
        project = project_create_in(
            plan=importable_plan(plan.pk, self.actor),
            actor=self.actor,
            fields={"title": row.title, "source": self.source, **row.fields},
            m2m=dict(row.m2m),
            sources=list(row.funding or ()),
        )
        self.titles[(plan.pk, project.title)] = project.pk
        return project

    def update(self, project: Project, row: ProjectRow) -> bool:
        """Write what differs, if anything: an unchanged row leaves no history and opens no
        revision. True when something changed."""
        fields = {
            name: value for name, value in row.fields.items() if getattr(project, name) != value
        }
        if row.title != project.title:
            fields["title"] = row.title
        m2m = {
            name: items
            for name, items in row.m2m.items()
            if {item.pk for item in items} != {item.pk for item in getattr(project, name).all()}
        }
        funding = row.funding is not None and _funding_differs(project, row.funding)
        if not (fields or m2m or funding):
            return False
        importable_plan(project.plan_id, self.actor)
        project_update_in(
            project=project,
            actor=self.actor,
            fields=fields,
            m2m=m2m,
            sources=list(row.funding) if funding else None,
            version=project.version,
        )
        self.titles.pop((project.plan_id, project.title), None)
        self.titles[(project.plan_id, row.title)] = project.pk
        return True

    def write_indicators(self, project: Project, row: ProjectRow) -> bool:
        if row.indicators is None:
            return False
        return indicators_import(project=project, actor=self.actor, items=list(row.indicators))

    def record_progress(self, project: Project, entry: ProgressEntry) -> None:
        update = self.updates.get((project.pk, entry.year))
        if update and (update.status, update.percent_complete) == (entry.status, entry.percent):
            self.result.progress_unchanged += 1
            return
        progress_update_record(
            project=project,
            actor=self.actor,
            year=entry.year,
            data={"status": entry.status, "percent_complete": entry.percent},
            version=update.version if update else None,
        )
        self.result.progress_recorded += 1


def _working_projects(rows: list[ProjectRow]) -> dict[int, tuple[int, int]]:
    """For each id in the file that names a project still in the portal: (the working project's
    id, its plan's id). A published row's id stands for the working project it was copied from."""
    ids = {row.project_id for row in rows if row.project_id is not None}
    origins = dict(Project.layers.filter(pk__in=ids).values_list("pk", "origin"))
    working = {pk: origin or pk for pk, origin in origins.items()}
    plans = dict(Project.objects.filter(pk__in=set(working.values())).values_list("pk", "plan"))
    return {pk: (w, plans[w]) for pk, w in working.items() if w in plans}


def _funding_differs(project: Project, sources) -> bool:
    def key(source):
        return tuple(getattr(source, name) for name in FUNDING_KEY)

    return [key(s) for s in project.funding_sources.all()] != [key(s) for s in sources]
