"""Tables: what a dashboard shows beside each chart, what its export writes, and what the annual
report puts on each XLSX sheet — one definition, three renderings."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

from core.spreadsheets import csv_row, xlsx_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    name: str  # stable identifier: export file names, XLSX sheet names, ?table=
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: int | None = None  # all rows there are, when `rows` shows only the first ones

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def truncated(self) -> bool:
        return self.total is not None and self.total > len(self.rows)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(csv_row(_cell(v) for v in row) for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8


def tables_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table (write-only mode: memory stays flat however many rows)."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.name, used))
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append(xlsx_row(sheet, [_cell(v) for v in row]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" {n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def table_response(table: Table, fmt: str, *, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(tables_xlsx([table]), content_type=XLSX_TYPE)
        extension = "xlsx"
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        extension = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
