"""The report's PDF as one document, put together by the job's last task from the parts the
workers laid out in parallel: the cover and the contents (laid out last, since only then is the
page of every section and city annex known), the network sections' parts, the city annexes; then
every page stamped with its number of the whole ("Page N of M") and, when demo content is loaded,
the watermark.

A part's pages are found by the named destinations WeasyPrint writes for every element with an
id: a section's anchor (reports/annual/outline.py) or a city annex's `city-<slug>`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from reports.annual import outline, render
from reports.annual.sections import ReportContent


@dataclass(frozen=True)
class Entry:
    """A line of the contents: a section or a city annex, and its page (1 = the cover)."""

    anchor: str
    title: str
    page: int | None = None


def _anchors(reader: PdfReader) -> dict[str, int]:
    return {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }


def contents(
    content: ReportContent, parts: list[PdfReader], annexes: list[PdfReader], *, first_page: int
) -> tuple[list[Entry], list[Entry]]:
    """(sections, city annexes) with their pages, the parts starting at page `first_page`."""
    with translation.override(content.get("language", "en")):
        return _contents(content, parts, annexes, first_page)


def _contents(content, parts, annexes, first_page) -> tuple[list[Entry], list[Entry]]:
    pages: dict[str, int] = {}
    start = first_page
    for reader in [*parts, *annexes]:
        for anchor, index in _anchors(reader).items():
            pages.setdefault(anchor, start + index)
        start += len(reader.pages)
    sections = [Entry(h.anchor, h.title, pages.get(h.anchor)) for h in outline.headings()]
    cities = [
        Entry(f"city-{c['slug']}", f"{c['name']} ({c['country']})", pages.get(f"city-{c['slug']}"))
        for c in content["city_annexes"]
    ]
    return sections, cities


def front(content: ReportContent, parts, annexes, *, as_of: str) -> PdfReader:
    """The cover and the contents, laid out again if the page numbers they show change how many
    pages they take (a long list of annexes)."""
    front_pages = 2
    for _attempt in range(3):
        sections, cities = contents(content, parts, annexes, first_page=front_pages + 1)
        reader = _read(render.render_front_pdf(content, sections, cities, as_of=as_of))
        if len(reader.pages) == front_pages:
            break
        front_pages = len(reader.pages)
    return reader


def assemble_pdf(
    content: ReportContent, parts: list[bytes], annexes: list[bytes], *, as_of: str
) -> bytes:
    """The whole PDF: cover and contents, the network sections' parts in order (with their own
    bookmarks), then the city annexes in the order of `content["city_annexes"]`, under one
    "City annexes" bookmark; every page numbered of the whole."""
    part_readers = [_read(p) for p in parts]
    annex_readers = [_read(p) for p in annexes]
    writer = PdfWriter()
    for reader in [front(content, part_readers, annex_readers, as_of=as_of), *part_readers]:
        writer.append(reader)
    starts = []
    for reader in annex_readers:
        starts.append(len(writer.pages))
        writer.append(reader, import_outline=False)
    if starts:
        parent = writer.add_outline_item(title=render.ANNEXES_BOOKMARK, page_number=starts[0])
        for city, start in zip(content["city_annexes"], starts, strict=True):
            writer.add_outline_item(title=city["name"], page_number=start, parent=parent)
    language = content.get("language", "en")
    _stamp(writer, demo=bool(content.get("demo_content")), language=language)
    writer.add_metadata({"/Title": render.pdf_title(content["year"])})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: PdfWriter, *, demo: bool, language: str) -> None:
    """Page numbers of the whole and the watermark: one page of the stamp over each page."""
    stamp = _read(render.render_stamp_pdf(len(writer.pages), demo=demo, language=language))
    for page, over in zip(writer.pages, stamp.pages, strict=True):
        page.merge_page(over)


def _read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))
