"""Projects in and out of the portal as CSV or XLSX, in one column layout (`columns.COLUMNS`).

- `projects_export(projects, file_format=...)` writes exactly the columns that
  `projects_import(...)` reads, so an exported file imported again changes nothing.
- `projects_import(...)` validates every row first and writes nothing if any row is wrong; the
  `ProjectImportError` it raises lists each bad row with its line number and reasons.

The command `manage.py import_projects` and the web page `/projects/import/` both call it.
"""

from action_plans.project_files.columns import COLUMNS, Column
from action_plans.project_files.exporting import export_filename, projects_export
from action_plans.project_files.importing import (
    ImportResult,
    ProjectImportError,
    RowError,
    projects_import,
)
from action_plans.project_files.tables import FORMATS

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
