"""CSV and XLSX renderers for the API's lists (`?format=csv`, `?format=xlsx`).

A list view hands them an `ExportTable` (columns and rows of plain values), or a file another
module already wrote in the format asked for (projects: `action_plans.exchange`); they write it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from rest_framework.renderers import BaseRenderer

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def _is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def _csv_safe(value):
    if value is None:
        return ""
    if _is_formula_like(value) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


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
        writer.writerows([_csv_safe(value) for value in row] for row in table.rows)
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
            sheet.append([self._cell(sheet, value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _cell(sheet, value):
        if isinstance(value, Decimal):
            value = float(value)
        written = WriteOnlyCell(sheet, value=value)
        if _is_formula_like(value):
            written.data_type = "s"  # text, never a formula
        return written


EXPORT_RENDERERS = (CSVRenderer, XLSXRenderer)
EXPORT_FORMATS = {renderer.format for renderer in EXPORT_RENDERERS}
