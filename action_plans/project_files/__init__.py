"""Projects in and out of the portal as CSV or XLSX, in one column layout (`columns.COLUMNS`).

- `projects_export(projects, file_format=...)` writes exactly the columns that
  `projects_import(...)` reads, so an exported file imported again changes nothing.
- `projects_import(...)` validates every row first and writes nothing if any row is wrong; the
  `ProjectImportError` it raises lists each bad row with its line number and reasons. It writes
  through the project services (`action_plans.services.project_import`), as its `actor`.

The command `manage.py import_projects` (as the system user) and the web page `/projects/import/`
(as the signed-in user) both call it.

Modules: `columns` (the layout), `tables` (CSV and XLSX cells), `funding` (the funding cell),
`parsing` (a line into a `ProjectRow`), `validation` (the whole file, before any write),
`importing` (the entry point), `exporting`.
"""

from action_plans.project_files.columns import COLUMNS, Column
from action_plans.project_files.exporting import export_filename, projects_export
from action_plans.project_files.importing import projects_import
from action_plans.project_files.tables import FORMATS
from action_plans.services.project_import import ImportResult, ProjectImportError, RowError

__all__ = [
    "COLUMNS",
    "FORMATS",
    "Column",
    "ImportResult",
    "ProjectImportError",
    "RowError",
    "export_filename",
    "projects_export",
    "projects_import",
]
