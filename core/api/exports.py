"""CSV and XLSX renderers for the API's lists (`?format=csv`, `?format=xlsx`).

A list view hands them an `ExportTable` (columns and rows of plain values), or a file another
module already wrote in the format asked for (projects: `action_plans.project_files`); they
write it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer

from core.spreadsheets import csv_row, xlsx_row


@dataclass(frozen=True)
class ExportTable:
    columns: list[str]
    rows: list[list]


def cell(value):
    """A serialized value as one spreadsheet cell: lists joined with "; ", objects as JSON."""
    if isinstance(value, list | tuple):
        if all(isinstance(item, str | int | float | Decimal) for item in value):
            return "; ".join(str(item) for item in value)
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def _as_table(data) -> ExportTable:
    if isinstance(data, ExportTable):
        return data
    data = data if isinstance(data, dict) else {"detail": data}
    return ExportTable(columns=list(data), rows=[[cell(value) for value in data.values()]])


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        table = _as_table(data)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows(csv_row(row) for row in table.rows)
        return buffer.getvalue().encode(self.charset)


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        table = _as_table(data)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("export")
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append(xlsx_row(sheet, [_number(value) for value in row]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


EXPORT_RENDERERS = (CSVRenderer, XLSXRenderer)
EXPORT_FORMATS = {renderer.format for renderer in EXPORT_RENDERERS}
