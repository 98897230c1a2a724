"""Every row of a project file checked before anything is written: its header, its cells
(`parsing.RowParser`), rows naming the same project twice, and the cities and plans the person
importing may write into. One bad row and nothing is imported; each is reported with its line."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import ActionPlan, PlanPeriod
from action_plans.project_files.columns import ALIASES, COLUMN_NAMES, REQUIRED_COLUMNS
from action_plans.project_files.parsing import Lookups, RowParser
from action_plans.project_files.tables import Table
from action_plans.services.project_import import ProjectImportError, ProjectRow, RowError
from cities.models import City
from core import policy


class FileValidator:
    def __init__(self, table: Table, *, actor, year, only_city: City | None, period: PlanPeriod):
        self.table = table
        self.actor = actor
        self.only_city = only_city
        self.lookups = Lookups.load(period, year)
        self.plans = {
            plan.city_id: plan
            for plan in ActionPlan.objects.filter(period=period).select_related("city").order_by()
        }

    def rows(self) -> list[ProjectRow]:
        """The file's rows, or ProjectImportError listing every bad line."""
        columns = self.columns()
        rows, errors, seen = [], [], _Seen()
        for line, values in self.table.rows:
            parser = RowParser(self.lookups, line, columns, values)
            row = parser.parse()
            messages = [*parser.messages, *self.problems(parser, seen)]
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

    def problems(self, parser: RowParser, seen: _Seen) -> list[str]:
        """What is wrong with the row beyond its cells: its city, or a project named twice."""
        problems = self.city_problems(parser.city) if parser.city else []
        if parser.city and parser.title:
            problems += seen.again("titles", (parser.city.pk, parser.title), parser.line)
        if parser.project_id is not None:
            problems += seen.again("ids", parser.project_id, parser.line)
        return problems

    def city_problems(self, city: City) -> list[str]:
        """Why this person may not import projects of this city, if they may not. The import
        service asks the same policy again and refuses outright; here it becomes a message."""
        if self.only_city is not None and city.pk != self.only_city.pk:
            return [
                _("this import is for %(allowed)s only, not %(city)s")
                % {"allowed": self.only_city.name, "city": city.name}
            ]
        if not policy.can_import_into(self.actor, city):
            return [_("you may not import projects of %(city)s") % {"city": city.name}]
        plan = self.plans.get(city.pk)
        if plan is not None and not policy.can_import_into(self.actor, city, plan):
            return [
                _(
                    "the action plan of %(city)s is %(status)s and cannot be changed until it is "
                    "returned to draft"
                )
                % {"city": city.name, "status": plan.get_status_display().lower()}
            ]
        return []


class _Seen:
    """The line that first named each project, by city and title and by id."""

    MESSAGES = {
        "titles": gettext_lazy("same city and title as line %(line)s"),
        "ids": gettext_lazy("same id as line %(line)s"),
    }

    def __init__(self):
        self.lines: dict[str, dict] = {"titles": {}, "ids": {}}

    def again(self, kind: str, key, line: int) -> list[str]:
        first = self.lines[kind].setdefault(key, line)
        return [] if first == line else [str(self.MESSAGES[kind]) % {"line": first}]


def _column_name(header: str) -> str:
    return header.strip().lower().replace(" ", "_")
