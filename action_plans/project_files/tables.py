"""Reading and writing tables of text cells as CSV or XLSX.

Both formats come back as the same thing: a header and rows of stripped strings, each row with
the line number a person sees in a text editor (CSV) or a spreadsheet (XLSX).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.spreadsheets import FORMULA_STARTS, csv_row, xlsx_row

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_MAGIC = b"PK\x03\x04"
# Far above the network's few hundred projects; keeps a small compressed XLSX from filling memory.
MAX_ROWS = 10_000
MAX_COLUMNS = 100
# What openpyxl raises on a damaged workbook (SyntaxError covers XML parse errors).
BROKEN_XLSX = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError)


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX table the import can read."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]


def file_format(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise UnreadableFile(_("Only .csv and .xlsx files can be imported."))
    return extension


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file, after checking that its content matches its extension."""
    if file_format(filename) == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    if data.startswith(ZIP_MAGIC) or b"\x00" in data:
        raise UnreadableFile(_("This file is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            _("The CSV file is not UTF-8 encoded (line %(line)s).")
            % {"line": data[: exc.start].count(b"\n") + 1}
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_clean(cell) for cell in next(reader, [])[:MAX_COLUMNS]]
        rows: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for values in reader:
            _append(rows, start, [_clean(cell) for cell in values[:MAX_COLUMNS]])
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    return _table(header, rows)


def _read_xlsx(data: bytes) -> Table:
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableFile(_("This file is not an XLSX workbook."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BROKEN_XLSX as exc:
        raise UnreadableFile(_("This XLSX workbook cannot be opened.")) from exc
    cells: list[tuple[int, list[str]]] = []
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            _append(cells, number, [_cell_text(value) for value in values])
    except BROKEN_XLSX as exc:
        raise UnreadableFile(_("This XLSX workbook cannot be read.")) from exc
    finally:
        workbook.close()
    if not cells:
        return _table([], [])
    return _table(cells[0][1], cells[1:])


def _append(rows: list, line: int, values: list[str]) -> None:
    """Keep a non-empty row with its line number; refuse files beyond MAX_ROWS."""
    if not any(values):
        return
    rows.append((line, values))
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )


def _table(header: list[str], rows: list[tuple[int, list[str]]]) -> Table:
    while header and not header[-1]:
        header.pop()
    if not header:
        raise UnreadableFile(_("The file is empty: the first line must name the columns."))
    return Table(header=header, rows=rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return _clean(str(value))


def _clean(text: str) -> str:
    """Strip spaces and the quote that the CSV export put before a formula-like text."""
    text = text.strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def write_table(header: list[str], rows: Iterable[list], file_format: str) -> bytes:
    if file_format == "xlsx":
        return _write_xlsx(header, rows)
    return _write_csv(header, rows)


def _write_csv(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(csv_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8")


def _write_xlsx(header: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("projects")
    sheet.append(header)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
