"""Typst, for the parts of the report's PDF that are long tables, and for the page-number stamp:
it lays out a page of table about 13 times faster than WeasyPrint (bench/README.md) and writes
tagged PDF/UA-1 as WeasyPrint's PDF/UA variant does, so document.py joins both into one tree.

A document is a Typst source in reports/annual/typst/ that reads its data as JSON from
`sys.inputs.data` (`json(bytes(sys.inputs.data))`): the data are never Typst markup, so a
project title with `#`, `*` or `]` is text, not code. The text is set in the same static font
instances as WeasyPrint's (core/fonts.py), and the host's fonts are ignored: the PDF is the same
on every machine.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from core import fonts

SOURCES = Path(__file__).resolve().parent / "typst"
# The font families in the order Typst falls back through them: the Latin face first (with
# Vietnamese), then the scripts of the member cities' local names. Typst knows a face by the
# family name inside the file ("Noto Sans Thai"), not by the "ASCN …" name of the CSS rules; with
# the host's fonts ignored, no other face can answer to it.
FONT_FAMILIES = tuple(family.removeprefix("ASCN ") for family in fonts.FAMILIES)


@functools.cache
def _compiler(folder: str):
    """A compiler that has read the fonts once (per worker process and font folder)."""
    import typst

    return typst.Compiler(
        root=str(SOURCES), font_paths=[folder], ignore_system_fonts=True, sys_inputs={}
    )


def compile_pdf(source: str, data: dict, *, tagged: bool = True) -> bytes:
    """The PDF of `reports/annual/typst/<source>` with `data` as its input: tagged PDF/UA-1
    unless `tagged` is false (the stamp laid over the pages, all of it an artifact). The same
    source and data give the same bytes (the document carries no date)."""
    folder = fonts.pdf_folder()
    fonts.pdf_fonts(folder)  # the static instances, made once per install
    inputs = {"data": json.dumps({**data, "fonts": FONT_FAMILIES}, ensure_ascii=False)}
    options = {"pdf_standards": ["ua-1"]} if tagged else {"pdf_tags": False}
    return _compiler(str(folder)).compile(
        input=str(SOURCES / source), format="pdf", sys_inputs=inputs, **options
    )
