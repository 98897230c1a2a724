"""The report's XLSX, for analysts: a README sheet first (what each sheet holds, the as-of date,
the data fingerprint, and whether the data is fictional demo content), then one sheet per table
of the report with a human name, the header row frozen, widths fitted to the text and numbers in
number formats (never a Python float's text). Its labels are in the active language: the report's
(render.render_xlsx), sheet names included, kept to Excel's rules in every language."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import xlsx_row
from reports.tables import Table

SHEET_NAME_MAX = 31  # Excel's limit
WIDTH_MIN, WIDTH_MAX = 8, 60
FORMATS = {int: "#,##0", float: "#,##0.0"}
CURRENCY_FORMAT = '#,##0 "USD"'  # columns whose header names USD
DEMO_NOTICE = gettext_lazy(
    "DEMO CONTENT: fictional demonstration data, not the member cities' own."
)
FORBIDDEN = "[]:*?/\\"  # not in a sheet name


def workbook(tables: list[Table], *, title: str, as_of: str, data_hash: str, demo: bool) -> bytes:
    book = Workbook(write_only=True)
    names = _sheet_names(tables, reserved=(_readme_name(),))
    _readme(book, tables, names, title=title, as_of=as_of, data_hash=data_hash, demo=demo)
    for table, name in zip(tables, names, strict=True):
        _sheet(book, table, name, demo=demo)
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _readme_name() -> str:
    return _short(pgettext("spreadsheet sheet", "README"))


def _sheet_names(tables: list[Table], *, reserved: tuple[str, ...] = ()) -> list[str]:
    """Each table's caption, cut at a word to Excel's 31 characters, unique (also against the
    `reserved` names)."""
    names: list[str] = []
    for table in tables:
        name = _short(str(table.caption))
        base, n = name, 2
        while name.lower() in {used.lower() for used in [*reserved, *names]}:
            name, n = f"{base[: SHEET_NAME_MAX - 4]} ({n})", n + 1
        names.append(name)
    return names


def _short(text: str) -> str:
    text = " ".join("".join(c for c in text if c not in FORBIDDEN).split())
    if len(text) <= SHEET_NAME_MAX:
        return text or "Table"
    return text[:SHEET_NAME_MAX].rsplit(" ", 1)[0].rstrip(",;–-")


def _readme(book, tables, names, *, title, as_of, data_hash, demo) -> None:
    sheet = book.create_sheet(_readme_name())
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    heading = [_("Sheet"), _("What it holds")]
    lines = [
        [title],
        [_("Data as of"), as_of],
        [_("Data fingerprint (SHA-256)"), data_hash],
    ]
    if demo:
        lines.insert(1, [str(DEMO_NOTICE)])
    lines += [
        [],
        heading,
        *[[n, str(t.caption)] for n, t in zip(names, tables, strict=True)],
    ]
    for i, line in enumerate(lines):
        cells = xlsx_row(sheet, line)
        if i == 0 or line is heading or (demo and i == 1):
            for cell in cells:
                cell.font = bold
        sheet.append(cells)


def _sheet(book, table: Table, name: str, *, demo: bool) -> None:
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    if demo:
        sheet.oddHeader.center.text = str(DEMO_NOTICE)
    for column, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    header = [WriteOnlyCell(sheet, value=str(h)) for h in table.headers]
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    currency = ["USD" in str(h) for h in table.headers]
    for row in table.rows:
        cells = xlsx_row(sheet, row)
        sheet.append([_formatted(c, is_money) for c, is_money in zip(cells, currency, strict=True)])


def _formatted(cell: WriteOnlyCell, is_money: bool) -> WriteOnlyCell:
    kind = type(cell.value)
    if kind in FORMATS:
        cell.number_format = CURRENCY_FORMAT if is_money else FORMATS[kind]
    return cell


def _widths(table: Table) -> list[float]:
    widths = [len(str(h)) for h in table.headers]
    for row in table.rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(f"{value:,}" if _is_number(value) else str(value or "")))
    return [min(max(w + 2, WIDTH_MIN), WIDTH_MAX) for w in widths]


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
