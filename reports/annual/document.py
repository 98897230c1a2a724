"""The report's PDF as one document, put together by the job's last task from the parts the
workers laid out in parallel: the cover and the contents (laid out last, since only then is the
page of every section and city annex known), the network sections' parts, the city annexes; then
every page stamped with its number of the whole ("Page N of M") and, when demo content is loaded,
the watermark.

A part's pages are found by the named destinations WeasyPrint writes for every element with an
id: a section's anchor (reports/annual/outline.py) or a city annex's `city-<slug>`.

Every part is a tagged PDF (WeasyPrint's PDF/UA variant, render.PDF_VARIANT); the joined file
keeps one structure tree (StructureTree below): a Document element holding, in page order, the
elements of each part's own Document, and one ParentTree whose keys are each part's shifted by
an offset. What is laid over the pages after joining (the page numbers, the watermark) and the
parts' running headers are artifacts, outside the tree.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

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
    "City annexes" bookmark; every page numbered of the whole; one structure tree."""
    part_readers = [_read(p) for p in parts]
    annex_readers = [_read(p) for p in annexes]
    front_reader = front(content, part_readers, annex_readers, as_of=as_of)
    writer = PdfWriter()
    tree = StructureTree(writer)
    placed = []
    for reader in [front_reader, *part_readers, *annex_readers]:
        start = len(writer.pages)
        placed.append((reader, start))
        writer.append(reader, import_outline=reader not in annex_readers)
        tree.graft(reader, writer.pages[start:])
    tree.finish()
    _destinations(writer, placed[1:])
    starts = [start for _reader, start in placed[1 + len(part_readers) :]]
    language = content.get("language", "en")
    with translation.override(language):
        title, annexes_title = render.pdf_title(content["year"]), str(render.ANNEXES_BOOKMARK)
    if starts:
        parent = writer.add_outline_item(title=annexes_title, page_number=starts[0])
        for city, start in zip(content["city_annexes"], starts, strict=True):
            writer.add_outline_item(title=city["name"], page_number=start, parent=parent)
    _stamp(writer, demo=bool(content.get("demo_content")), language=language)
    _describe(writer, front_reader, title=title, language=language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _destinations(writer: PdfWriter, placed: list[tuple[PdfReader, int]]) -> None:
    """The joined file's named destinations: every anchor of the parts (a section, a city annex)
    at its page of the whole. The contents' links go to these names; the front part's own
    anchors of the same names (the contents' entries, there only so that WeasyPrint keeps the
    links) are left out, which the names pypdf merged first would have kept."""
    names: dict[str, ArrayObject] = {}
    for reader, start in placed:
        for name, dest in reader.named_destinations.items():
            page = writer.pages[start + reader.get_destination_page_number(dest)]
            names.setdefault(
                name,
                ArrayObject(
                    [
                        page.indirect_reference,
                        NameObject("/XYZ"),
                        FloatObject(dest.get("/Left") or 0),
                        FloatObject(dest.get("/Top") or 0),
                        NumberObject(0),
                    ]
                ),
            )
    tree = ArrayObject()
    for name in sorted(names):
        tree += [TextStringObject(name), names[name]]
    catalog_names = writer._root_object.setdefault(NameObject("/Names"), DictionaryObject())
    catalog_names = catalog_names.get_object()
    catalog_names[NameObject("/Dests")] = DictionaryObject({NameObject("/Names"): tree})


def _describe(writer: PdfWriter, front_reader: PdfReader, *, title: str, language: str) -> None:
    """What PDF/UA asks of the whole document: its title (shown by viewers instead of the file
    name), its language, that it is tagged, and the XMP metadata (dc:title, pdfuaid:part) that
    WeasyPrint wrote for the front part, whose title is the report's."""
    writer.add_metadata({"/Title": title})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(language)
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    metadata = front_reader.root_object.get("/Metadata")
    if metadata is not None:
        root[NameObject("/Metadata")] = front_reader.root_object.raw_get("/Metadata").clone(writer)


# WeasyPrint's marked content: `/Span <</MCID 3>> BDC` (pydyf writes it on three lines).
MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact BMC"


class StructureTree:
    """The joined document's structure tree, grown part by part as the parts' pages are
    appended (`graft`), then written into the catalog (`finish`).

    pypdf clones an object of a part once per writer (it keeps a map per reader): the elements
    cloned here point (/Pg) at the pages `writer.append` already cloned, and a link's /OBJR at
    its cloned annotation. The map is given one entry by hand: the part's own Document element
    is the joined Document, so that its children's /P point there.

    WeasyPrint gives the content of page margins (the running headers) marked-content ids but
    keeps their elements out of the tree; here they become artifacts, as pagination is."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/K"): ArrayObject(),
            }
        )
        root_ref = writer._add_object(self.root)
        document_ref = writer._add_object(self.document)
        self.document[NameObject("/P")] = root_ref
        self.root[NameObject("/K")] = ArrayObject([document_ref])
        self.nums = ArrayObject()
        self.next_key = 0
        self.parts = 0
        self.maps = {"/RoleMap": DictionaryObject(), "/ClassMap": DictionaryObject()}

    def graft(self, reader: PdfReader, pages: list) -> None:
        """The tree of a part whose pages `reader.pages` were just appended as `pages`."""
        tree_root = reader.root_object.get("/StructTreeRoot")
        if tree_root is None:  # an untagged part: its pages stay outside the tree
            return
        self.parts += 1
        # The elements under the part's Document (any other top element goes there as well).
        documents, kids = [], []
        for top in _kids_raw(tree_root):
            if _element(top).get("/S") == "/Document":
                documents.append(_element(top))
                kids += _kids_raw(_element(top))
            else:
                kids.append(top)
        in_tree = _walk(kids, prefix=f"p{self.parts}-")
        translated = self.writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        joined = self.document.indirect_reference
        translated.update({d.indirect_reference.idnum: joined.idnum for d in documents})
        translated[tree_root.indirect_reference.idnum] = self.root.indirect_reference.idnum
        for kid in kids:
            clone = kid.clone(self.writer)
            clone.get_object()[NameObject("/P")] = joined
            self.document["/K"].append(clone)
        for name, merged in self.maps.items():
            for key, value in (tree_root.get(name) or {}).items():
                merged.setdefault(key, value.clone(self.writer))

        offset = self.next_key
        entries = dict(_number_tree(tree_root["/ParentTree"]))
        artifacts: dict[int, set[int]] = {}
        for key, value in entries.items():
            marked = _element(value)
            if isinstance(marked, ArrayObject):  # a page's marked contents, by MCID
                artifacts[key] = {m for m, ref in enumerate(marked) if _idnum(ref) not in in_tree}
                value = ArrayObject(
                    ref.clone(self.writer) if _idnum(ref) in in_tree else NullObject()
                    for ref in marked
                )
            elif _idnum(value) in in_tree:  # an annotation's element (a link)
                value = value.clone(self.writer)
            else:
                continue
            self.nums += [NumberObject(key + offset), value]
        for source, page in zip(reader.pages, pages, strict=True):
            key = source.get("/StructParents")
            if key is None:
                continue
            page[NameObject("/StructParents")] = NumberObject(key + offset)
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    shifted = annotation["/StructParent"] + offset
                    annotation[NameObject("/StructParent")] = NumberObject(shifted)
            if artifacts.get(key):
                _as_artifacts(page, artifacts[key])
        next_key = tree_root.get("/ParentTreeNextKey")
        used = max(entries, default=-1) + 1
        self.next_key = offset + max(used, next_key or 0)

    def finish(self) -> None:
        self.root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        for name, merged in self.maps.items():
            if merged:
                self.root[NameObject(name)] = merged
        self.writer._root_object[NameObject("/StructTreeRoot")] = self.root.indirect_reference


def _element(ref):
    return ref.get_object() if isinstance(ref, IndirectObject) else ref


def _kids_raw(element) -> list:
    kids = element.raw_get("/K") if "/K" in element else []
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _kids(element) -> list:
    return [_element(k) for k in _kids_raw(element)]


def _idnum(ref) -> int | None:
    return ref.idnum if isinstance(ref, IndirectObject) else None


def _walk(kids: list, *, prefix: str) -> set[int]:
    """The object numbers of the structure elements under `kids`; on the way, the ids of table
    header cells (and the cells' references to them) made unique in the joined file."""
    found: set[int] = set()
    stack = [k for k in kids if isinstance(k, IndirectObject)]
    while stack:
        ref = stack.pop()
        if ref.idnum in found:
            continue
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue  # marked-content or object references
        found.add(ref.idnum)
        if "/ID" in element:
            element[NameObject("/ID")] = TextStringObject(prefix + element["/ID"])
        attributes = element.get("/A")
        if isinstance(attributes, DictionaryObject) and "/Headers" in attributes:
            attributes[NameObject("/Headers")] = ArrayObject(
                TextStringObject(prefix + h) for h in attributes["/Headers"]
            )
        stack.extend(k for k in _kids_raw(element) if isinstance(k, IndirectObject))
    return found


def _number_tree(node):
    """The (key, raw value) pairs of a number tree."""
    node = _element(node)
    nums = node.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _number_tree(kid)


def _as_artifacts(page, mcids: set[int]) -> None:
    """The marked contents `mcids` of a page's content made artifacts (running headers)."""

    def replace(match: re.Match) -> bytes:
        return ARTIFACT if int(match[1]) in mcids else match[0]

    contents = page.raw_get("/Contents")
    streams = contents.get_object()
    for ref in streams if isinstance(streams, ArrayObject) else [contents]:
        stream = ref.get_object()
        stream.set_data(MARKED.sub(replace, stream.get_data()))


def _stamp(writer: PdfWriter, *, demo: bool, language: str) -> None:
    """Page numbers of the whole and the watermark: each page of the stamp drawn over its page
    as a form XObject, inside an Artifact sequence (pagination, not content of the tree)."""
    stamp = _read(render.render_stamp_pdf(len(writer.pages), demo=demo, language=language))
    for number, (page, over) in enumerate(zip(writer.pages, stamp.pages, strict=True)):
        name = NameObject(f"/ASCNStamp{number}")
        form = DecodedStreamObject()
        form.set_data(over.get_contents().get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(over.mediabox),
                NameObject("/Resources"): over.raw_get("/Resources").clone(writer),
            }
        )
        form_ref = writer._add_object(form.flate_encode())
        resources = DictionaryObject(page["/Resources"])  # the part's, shared by its pages
        xobjects = DictionaryObject(resources.get("/XObject") or {})
        xobjects[name] = form_ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q\n")
        after.set_data(b"Q\n%s\nq %s Do Q\nEMC\n" % (ARTIFACT, name.encode()))
        contents = page.raw_get("/Contents")
        streams = contents.get_object()
        streams = list(streams) if isinstance(streams, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(before), *streams, writer._add_object(after)]
        )


def _read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))
