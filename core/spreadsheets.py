"""One rule for every CSV and XLSX file the portal writes: text stays text.

Spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula (CSV injection): a project title like `=HYPERLINK(…)` would become a live link in
the reader's spreadsheet. Every writer passes its rows through `csv_row` or `xlsx_row`.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value for csv.writer. CSV has no cell types, so formula-like text gets the leading
    apostrophe that spreadsheet programs read as "text"; a signed number ("-5") is left alone
    because a spreadsheet reads it as the number it is, never as a formula."""
    if value is None:
        return ""
    if is_formula_like(value) and not _is_number(value):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [csv_cell(value) for value in values]


def xlsx_row(sheet, values: Iterable) -> list:
    """Cells for `sheet.append` on a write-only sheet. XLSX types its cells, so formula-like text
    is written unchanged as a text cell (openpyxl would otherwise store `=…` as a formula)."""
    return [_xlsx_cell(sheet, value) for value in values]


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
    return cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
