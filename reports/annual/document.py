"""The report's PDF as one document, put together by the job's last task from the parts the
workers laid out in parallel: the cover and the contents (laid out last, since only then is the
page of every section and city annex known), the network sections' parts, the city annexes; then
every page stamped with its number of the whole ("Page N of M") and, when demo content is loaded,
the watermark.

A part's pages are found by its named destinations: WeasyPrint writes one for every element with
an id, Typst one for every label: a section's anchor (reports/annual/outline.py) or a city
annex's `city-<slug>`.

Every part is a tagged PDF (WeasyPrint's PDF/UA variant, render.PDF_VARIANT, or Typst's PDF/UA-1,
typeset.py); the joined file keeps one structure tree (StructureTree below): a Document element
holding, in page order, the elements of each part's own Document (or its top elements), and one
ParentTree whose keys are each part's shifted by an offset. What is laid over the pages after
joining (the page numbers, the watermark) and the parts' running headers are artifacts, outside
the tree.

The join streams: each part is opened with qpdf (pikepdf), changed in place (its tree's keys
shifted, its header ids made unique, plain spans folded into their parents: _walk; each page drawn
over by its page of the stamp), and its pages and tree written to the file at once, renumbered
(pdfwriter.py), before the next part is opened. What ties the parts together (the page tree, the
tree's Document and ParentTree, the bookmarks and destinations) is kept as numbers and short
texts and written last. qpdf holding the whole joined file instead peaked 196 MB higher at ten
times the network (bench/README.md). What else is read of a part (pages, anchors, bookmarks,
metadata) is read once (Part).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO

import pikepdf
from django.utils import translation
from django.utils.translation import gettext, pgettext
from pikepdf import Array, Dictionary, Name, Pdf

from reports.annual import outline, pdfwriter, render, typeset
from reports.annual.sections import ReportContent


@dataclass(frozen=True)
class Entry:
    """A line of the contents: a section or a city annex, and its page (1 = the cover)."""

    anchor: str
    title: str
    page: int | None = None


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # the index of its page in its part
    left: object
    top: object
    children: tuple[Bookmark, ...]


@dataclass(frozen=True)
class Part:
    """What the join reads of a part besides its pages and tree, read once: the part is opened
    again only to be copied, then closed (qpdf's parsed objects of every part at once weighed
    0.8 MB a part)."""

    pdf: bytes
    pages: int
    destinations: dict[str, tuple[int, object, object]]  # (index of the page, left, top)
    bookmarks: tuple[Bookmark, ...]
    metadata: bytes | None

    @property
    def anchors(self) -> dict[str, int]:
        return {name: index for name, (index, _left, _top) in self.destinations.items()}


def read_part(data: bytes) -> Part:
    with _open(data) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        destinations = _destinations_of(pdf, pages)

        def bookmark(item) -> Bookmark:
            index, left, top = _target(item.destination or item.action, pages, destinations)
            return Bookmark(item.title, index, left, top, tuple(bookmark(k) for k in item.children))

        with pdf.open_outline() as own:
            bookmarks = tuple(bookmark(item) for item in own.root)
        metadata = pdf.Root.get("/Metadata")
        return Part(
            pdf=data,
            pages=len(pdf.pages),
            destinations=destinations,
            bookmarks=bookmarks,
            metadata=metadata.read_bytes() if metadata is not None else None,
        )


def _destinations_of(pdf: Pdf, pages: dict) -> dict[str, tuple[int, object, object]]:
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return {}
    return {str(name): _target(dest, pages, {}) for name, dest in pikepdf.NameTree(dests).items()}


def _target(destination, pages: dict, named: dict) -> tuple[int, object, object]:
    """(index of the page, left, top) of a destination: an array, a name of `named`, or either
    in a dictionary (a GoTo action's /D, a name tree's value)."""
    if isinstance(destination, Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.String):
        return named.get(str(destination), (0, None, None))
    if not isinstance(destination, Array) or not len(destination):
        return 0, None, None
    index = pages.get(destination[0].objgen, 0) if isinstance(destination[0], Dictionary) else 0
    if len(destination) >= 4 and destination[1] == Name.XYZ:
        return index, destination[2], destination[3]
    return index, None, None


def contents(
    content: ReportContent, parts: list[Part], annexes: list[Part], *, first_page: int
) -> tuple[list[Entry], list[Entry]]:
    """(sections, city annexes) with their pages, the parts starting at page `first_page`."""
    with translation.override(content.get("language", "en")):
        return _contents(content, parts, annexes, first_page)


def _contents(content, parts, annexes, first_page) -> tuple[list[Entry], list[Entry]]:
    pages: dict[str, int] = {}
    start = first_page
    for part in [*parts, *annexes]:
        for anchor, index in part.anchors.items():
            pages.setdefault(anchor, start + index)
        start += part.pages
    sections = [Entry(h.anchor, h.title, pages.get(h.anchor)) for h in outline.headings()]
    cities = [
        Entry(f"city-{c['slug']}", f"{c['name']} ({c['country']})", pages.get(f"city-{c['slug']}"))
        for c in content["city_annexes"]
    ]
    return sections, cities


def front(content: ReportContent, parts, annexes, *, as_of: str) -> Part:
    """The cover and the contents (Typst: render.render_front_pdf), laid out again if the page
    numbers they show change how many pages they take (a long list of annexes). The first layout
    starts from the pages the list of annexes should take, so that a network of any size is
    usually laid out once."""
    front_pages = _front_pages_guess(len(annexes))
    for _attempt in range(3):
        sections, cities = contents(content, parts, annexes, first_page=front_pages + 1)
        part = read_part(render.render_front_pdf(content, sections, cities, as_of=as_of))
        if part.pages == front_pages:
            break
        front_pages = part.pages
    return part


# front.typ's two columns of annexes (one line each): 31 rows under the sections, 53 a page after.
CITIES_ON_FIRST_CONTENTS_PAGE = 62
CITIES_PER_CONTENTS_PAGE = 106


def _front_pages_guess(cities: int) -> int:
    """The cover and the contents' pages for so many city annexes (a guess that `front` checks)."""
    rest = max(0, cities - CITIES_ON_FIRST_CONTENTS_PAGE)
    return 2 + -(-rest // CITIES_PER_CONTENTS_PAGE)


def assemble_pdf(
    content: ReportContent,
    parts: list[bytes],
    annexes: list[bytes],
    *,
    as_of: str,
    out: BinaryIO | None = None,
) -> bytes | None:
    """The whole PDF: cover and contents, the network sections' parts in order (with their own
    bookmarks), then the city annexes in the order of `content["city_annexes"]`, under one
    "City annexes" bookmark; every page numbered of the whole; one structure tree. Written to
    `out` when given (then None), else returned.

    The order keeps the peak memory down: what takes memory only while it runs (the cover and
    contents and the stamp, in Typst) is done before the join, and what it freed is
    given back to the system first (release_memory); the join writes each part's objects to the
    file as it reads them (pdfwriter.py)."""
    section_parts = [read_part(p) for p in parts]
    annex_parts = [read_part(p) for p in annexes]
    front_part = front(content, section_parts, annex_parts, as_of=as_of)
    everything = [front_part, *section_parts, *annex_parts]
    language = content.get("language", "en")
    demo = bool(content.get("demo_content"))
    stamp = stamp_pdf(sum(part.pages for part in everything), demo=demo, language=language)
    release_memory()
    joined, starts = join([part.pdf for part in everything], out, stamp=stamp)
    del stamp
    placed = list(zip(everything, starts, strict=True))
    with translation.override(language):
        title, annexes_title = render.pdf_title(content["year"]), str(render.ANNEXES_BOOKMARK)
    _destinations(joined, placed[1:])
    annex_starts = starts[1 + len(section_parts) :]
    cities = [c["name"] for c in content["city_annexes"]]
    _outline(
        joined,
        placed[: 1 + len(section_parts)],
        annexes_title,
        list(zip(cities, annex_starts, strict=True)),
    )
    _describe(joined, front_part, title=title, language=language)
    written = save(joined)
    return written if out is None else None


def release_memory() -> None:
    """Give back to the system the memory that the process has freed (glibc's malloc_trim;
    elsewhere nothing): glibc keeps what a library frees for its next allocations, so a process
    that laid out parts or the stamp (Typst: 105 MB at scale 10, for a moment) would keep their
    peak resident while the join runs beside it, and a pool process idle after its last part
    would keep its own. About 1 ms; a collection of Python's cycles first (gc) would cost 0.1 s
    and free little here."""
    with contextlib.suppress(AttributeError, OSError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


class Joined:
    """The joined file while it is written: its pages' object numbers in order, the structure
    tree's top (StructureTree), and the catalog's entries; `save` writes what ties them
    together, then the cross-reference stream."""

    def __init__(self, out: BinaryIO | None):
        self.buffer = io.BytesIO() if out is None else None
        self.writer = pdfwriter.Writer(out if out is not None else self.buffer)
        self.catalog, self.page_tree, self.tree_root, self.document, self.info = (
            self.writer.reserve() for _ in range(5)
        )
        self.pages: list[int] = []
        self.catalog_entries: dict[str, bytes] = {}
        self.info_entries: dict[str, bytes] = {}
        self.tree = StructureTree(self)
        # The stamp's drawing opens every page's content (q … Q around the part's own).
        self.before = self.writer.reserve()
        self.writer.stream(self.before, b"<< /Filter /FlateDecode >>", zlib.compress(b"q\n"))
        self.stamps: list[int] = []


def join(
    parts: list[bytes], out: BinaryIO | None = None, *, stamp: bytes | None = None
) -> tuple[Joined, list[int]]:
    """The parts' pages one after another with one structure tree, written to `out` (or a
    buffer of the Joined) part by part, and where each part starts (the index of its first
    page). With `stamp` (stamp_pdf, a page for each page of the whole), each of its pages is
    drawn over its page. Each part is opened, written and closed in turn: what the file needs
    of it at the end is a few numbers and texts (StructureTree). `save` finishes the file."""
    joined = Joined(out)
    if stamp is not None:
        joined.stamps = _stamp_forms(joined.writer, stamp)
    starts = []
    for data in parts:
        starts.append(len(joined.pages))
        with _open(data) as pdf:
            joined.pages += joined.tree.graft(pdf, first_page=starts[-1])
    if stamp is not None and len(joined.stamps) != len(joined.pages):
        raise ValueError(f"A stamp of {len(joined.stamps)} pages for {len(joined.pages)} pages.")
    return joined, starts


def save(joined: Joined) -> bytes:
    """Write what ties the parts together (the page tree, the structure tree's top, the
    catalog and document information), then the cross-reference stream: the file is complete.
    Its bytes when it was written to the Joined's own buffer (`join` without `out`), else b""."""
    writer = joined.writer
    kids = b" ".join(b"%d 0 R" % number for number in joined.pages)
    writer.object(
        joined.page_tree,
        b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, len(joined.pages)),
    )
    joined.tree.finish()
    entries = b"".join(b" %s %s" % (k.encode(), v) for k, v in joined.catalog_entries.items())
    writer.object(
        joined.catalog,
        b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R%s >>"
        % (joined.page_tree, joined.tree_root, entries),
    )
    info = b"".join(b" %s %s" % (k.encode(), v) for k, v in joined.info_entries.items())
    writer.object(joined.info, b"<<%s >>" % info)
    writer.close(joined.catalog, joined.info)
    return joined.buffer.getvalue() if joined.buffer is not None else b""


def _stamp_forms(writer: pdfwriter.Writer, stamp_file: bytes) -> list[int]:
    """Each page of the stamp written once as a form XObject (their fonts shared); their
    numbers."""
    with _open(stamp_file) as stamp:
        forms = [page.as_form_xobject() for page in stamp.pages]
        copier = pdfwriter.Copier(writer, stamp, {})
        numbers = [copier.ref(form.objgen) for form in forms]
        copier.drain()
    return numbers


def _destinations(joined: Joined, placed: list[tuple[Part, int]]) -> None:
    """The joined file's named destinations: every anchor of the parts after the front (a
    section, a city annex) at its page of the whole. The contents' links go to these names
    (_named_links)."""
    names: dict[str, bytes] = {}
    for part, start in placed:
        for name, (index, left, top) in part.destinations.items():
            if name not in names:
                position = Array([left or 0, top or 0, 0]).unparse()[2:-2]
                names[name] = b"[ %d 0 R /XYZ %s ]" % (joined.pages[start + index], position)
    tree = b" ".join(pikepdf.String(name).unparse() + b" " + names[name] for name in sorted(names))
    joined.catalog_entries["/Names"] = b"<< /Dests << /Names [ %s ] >> >>" % tree


@dataclass
class _Item:
    title: str
    destination: bytes
    children: list[_Item]


def _outline(joined: Joined, parts: list[tuple[Part, int]], annexes_title: str, cities) -> None:
    """The bookmarks: each section part's own, at their pages of the whole, then "City annexes"
    with one bookmark per city annex; all open."""

    def page(index: int) -> int:
        return joined.pages[index]

    def item(bookmark: Bookmark, start: int) -> _Item:
        position = Array([bookmark.left or 0, bookmark.top or 0, 0]).unparse()[2:-2]
        return _Item(
            bookmark.title,
            b"[ %d 0 R /XYZ %s ]" % (page(start + bookmark.page), position),
            [item(kid, start) for kid in bookmark.children],
        )

    items = [item(bookmark, start) for part, start in parts for bookmark in part.bookmarks]
    if cities:
        items.append(
            _Item(
                annexes_title,
                b"[ %d 0 R /Fit ]" % page(cities[0][1]),
                [_Item(name, b"[ %d 0 R /Fit ]" % page(start), []) for name, start in cities],
            )
        )
    if not items:
        return
    root = joined.writer.reserve()
    first, last, count = _outline_level(joined.writer, root, items)
    joined.writer.object(
        root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (first, last, count)
    )
    joined.catalog_entries["/Outlines"] = b"%d 0 R" % root


def _outline_level(writer: pdfwriter.Writer, parent: int, items: list[_Item]):
    """Write the items under `parent`: (first's number, last's, how many are visible)."""
    numbers = [writer.reserve() for _ in items]
    visible = len(items)
    for i, (item, number) in enumerate(zip(items, numbers, strict=True)):
        links = [b"/Parent %d 0 R" % parent]
        if i:
            links.append(b"/Prev %d 0 R" % numbers[i - 1])
        if i + 1 < len(numbers):
            links.append(b"/Next %d 0 R" % numbers[i + 1])
        if item.children:
            first, last, count = _outline_level(writer, number, item.children)
            links.append(b"/First %d 0 R /Last %d 0 R /Count %d" % (first, last, count))
            visible += count
        title = pikepdf.String(item.title).unparse()
        writer.object(
            number, b"<< /Title %s /Dest %s %s >>" % (title, item.destination, b" ".join(links))
        )
    return numbers[0], numbers[-1], visible


def _describe(joined: Joined, front: Part, *, title: str, language: str) -> None:
    """What PDF/UA asks of the whole document: its title (shown by viewers instead of the file
    name), its language, that it is tagged, and the XMP metadata (dc:title, pdfuaid:part) that
    Typst wrote for the front part (front.typ), whose title is the report's."""
    joined.info_entries["/Title"] = pikepdf.String(title).unparse()
    entries = joined.catalog_entries
    entries["/Lang"] = pikepdf.String(language).unparse()
    entries["/MarkInfo"] = b"<< /Marked true >>"
    entries["/ViewerPreferences"] = b"<< /DisplayDocTitle true >>"
    if front.metadata is not None:
        metadata = joined.writer.reserve()
        joined.writer.stream(metadata, b"<< /Type /Metadata /Subtype /XML >>", _xmp(front.metadata))
        entries["/Metadata"] = b"%d 0 R" % metadata


XMP_PAGES = "{http://ns.adobe.com/xap/1.0/t/pg/}NPages"  # xmpTPg:NPages


def _xmp(metadata: bytes) -> bytes:
    """The XMP metadata written as pikepdf writes it when it saves a file (the packet's byte
    order mark, writable), as the file had it when qpdf joined the parts in memory; without the
    front part's count of pages (Typst's xmpTPg:NPages), which is not the whole's."""
    with Pdf.new() as pdf:
        pdf.Root.Metadata = pdf.make_stream(metadata, Type=Name.Metadata, Subtype=Name.XML)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            if XMP_PAGES in xmp:
                del xmp[XMP_PAGES]
        return pdf.Root.Metadata.read_bytes()


# A link of one part to a named destination of another (front.typ's contents), by its URI.
NAMED_LINK = "ascn-dest:"
# WeasyPrint's marked content: `/Span <</MCID 3>> BDC` (pydyf writes it on three lines).
MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact BMC"
# What a page may take from the page tree above it (ISO 32000-1, 7.7.3.4): each page is given
# its own before it is written under the joined file's one page tree.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class StructureTree:
    """The joined document's structure tree, grown part by part as the parts' pages are
    written (`graft`), then its top written (`finish`).

    Before a part is written, it is changed in place: its top elements' parent becomes the
    joined Document (the part's Document or StructTreeRoot are not written), the ids of its
    table headers are made unique, its ParentTree keys and its pages' and annotations' keys
    shifted, and each page drawn over by its page of the stamp. Then its pages and the elements
    of its tree are written with every object they reach (pdfwriter.Copier), and what the top
    of the tree needs (the Document's kids, the ParentTree's entries, the ids, the role and
    class maps) is kept as text with the objects' numbers in the file.

    WeasyPrint gives the content of page margins (the running headers) marked-content ids but
    keeps their elements out of the tree; here they become artifacts, as pagination is."""

    def __init__(self, joined: Joined):
        self.joined = joined
        self.kids: list[bytes] = []
        self.nums: list[bytes] = []
        self.ids: list[tuple[str, int]] = []
        self.next_key = 0
        self.parts = 0
        self.maps: dict[str, dict[str, bytes]] = {"/RoleMap": {}, "/ClassMap": {}}

    def graft(self, pdf: Pdf, *, first_page: int = 0) -> list[int]:
        """Write a part's pages, and its tree as part of the joined one; the pages' numbers."""
        joined = self.joined
        page_tree = pdf.Root.Pages
        fixed = {page_tree.objgen: joined.page_tree}  # the pages' /Parent
        pages = list(pdf.pages)
        for page in pages:
            _own_inherited(page.obj)
            page.obj.Parent = page_tree
        tree_root = pdf.Root.get("/StructTreeRoot")
        if tree_root is None:  # an untagged part: its pages stay outside the tree
            self._stamp(pdf, pages, first_page, fixed)
            copier = pdfwriter.Copier(joined.writer, pdf, fixed)
            numbers = [copier.ref(page.obj.objgen) for page in pages]
            copier.drain()
            return numbers
        self.parts += 1
        # The elements under the part's Document (any other top element goes there as well).
        kids = []
        for top in _kids(tree_root):
            if isinstance(top, Dictionary) and top.get("/S") == Name.Document:
                kids += _kids(top)
            else:
                kids.append(top)
        kids = [k for k in kids if isinstance(k, Dictionary) and "/S" in k]
        for kid in kids:
            if "/P" in kid:
                del kid.P
        ids: list[tuple[str, pikepdf.Object]] = []
        in_tree = _walk(kids, prefix=f"p{self.parts}-", ids=ids, pdf=pdf)
        for kid in kids:
            kid.P = tree_root  # written as the joined Document
        fixed[tree_root.objgen] = joined.document

        offset = self.next_key
        nums, artifacts, used = [], {}, -1
        for key, value in pikepdf.NumberTree(tree_root.ParentTree).items():
            used = max(used, key)
            if isinstance(value, Array):  # a page's marked contents, by MCID
                elements = [_in_tree(ref, in_tree) for ref in value]
                outside = {m for m, element in enumerate(elements) if element is None}
                if outside:
                    artifacts[key] = outside
                value = Array(elements)
            else:  # an annotation's element
                value = _in_tree(value, in_tree)
                if value is None:
                    continue  # outside the tree
            nums.append((key + offset, value))
        for page in pages:
            _named_links(page.obj)
            key = page.obj.get("/StructParents")
            if key is None:
                continue
            page.obj.StructParents = key + offset
            for annotation in page.obj.get("/Annots") or []:
                if "/StructParent" in annotation:
                    annotation.StructParent = annotation.StructParent + offset
            if key in artifacts:
                _as_artifacts(page, artifacts[key])
        next_key = tree_root.get("/ParentTreeNextKey")
        self.next_key = offset + max(used + 1, int(next_key or 0))

        self._stamp(pdf, pages, first_page, fixed)  # after the artifacts: the part's own content
        copier = pdfwriter.Copier(joined.writer, pdf, fixed)
        numbers = [copier.ref(page.obj.objgen) for page in pages]
        self.kids += [_written(copier, kid) for kid in kids]
        self.nums += [b"%d %s" % (key, _written(copier, value)) for key, value in nums]
        self.ids += [(name, copier.ref(element.objgen)) for name, element in ids]
        for name, merged in self.maps.items():
            for key, value in (tree_root.get(name) or Dictionary()).items():
                if key not in merged:
                    merged[key] = _written(copier, value)
        copier.drain()
        return numbers

    def _stamp(self, pdf: Pdf, pages: list, first_page: int, fixed: dict) -> None:
        joined = self.joined
        if joined.stamps:
            forms = joined.stamps[first_page : first_page + len(pages)]
            _stamp(pdf, pages, forms, first_page, fixed, joined.before)

    def finish(self) -> None:
        """Write the tree's top: its root, the Document, the ParentTree."""
        joined, writer = self.joined, self.joined.writer
        writer.object(
            joined.document,
            b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>"
            % (joined.tree_root, b" ".join(self.kids)),
        )
        parent_tree = writer.reserve()
        writer.object(parent_tree, b"<< /Nums [ %s ] >>" % b" ".join(self.nums))
        entries = [
            b"/K [ %d 0 R ]" % joined.document,
            b"/ParentTree %d 0 R" % parent_tree,
            b"/ParentTreeNextKey %d" % self.next_key,
        ]
        if self.ids:
            ids = sorted(self.ids, key=lambda pair: pair[0].encode())
            names = b" ".join(
                b"%s %d 0 R" % (pikepdf.String(name).unparse(), number) for name, number in ids
            )
            entries.append(b"/IDTree << /Names [ %s ] >>" % names)
        for name, merged in self.maps.items():
            if merged:
                body = b" ".join(b"%s %s" % (key.encode(), value) for key, value in merged.items())
                entries.append(b"%s << %s >>" % (name.encode(), body))
        writer.object(joined.tree_root, b"<< /Type /StructTreeRoot %s >>" % b" ".join(entries))


def _written(copier: pdfwriter.Copier, obj) -> bytes:
    """An object as the file refers to it: an indirect one by its number, a direct one as text."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return b"%d 0 R" % copier.ref(obj.objgen)
    return copier.text(obj)


def _named_links(page: Dictionary) -> None:
    """The page's links to another part (the contents' entries: a URI `ascn-dest:<name>`,
    front.typ) made links to the joined file's named destination `<name>` (_destinations), as
    WeasyPrint writes a link to an anchor: Typst links only to labels of its own document."""
    for annotation in page.get("/Annots") or []:
        action = annotation.get("/A")
        if action is None or action.get("/S") != Name.URI:
            continue
        uri = str(action.URI)
        if uri.startswith(NAMED_LINK):
            name = uri.removeprefix(NAMED_LINK)
            del annotation.A
            annotation.Dest = pikepdf.String(name)
            annotation.Contents = pikepdf.String(name)


def _own_inherited(page: Dictionary) -> None:
    """The attributes a page takes from the page tree above it, made its own."""
    parent = page.get("/Parent")
    while parent is not None:
        for key in INHERITED:
            if key not in page and key in parent:
                page[key] = parent[key]
        parent = parent.get("/Parent")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


# A span with nothing of its own (no language, alternative or actual text, attributes): the
# marked content of a run of text inside its parent element.
PLAIN_SPAN = {"/Type", "/S", "/K", "/P", "/Pg"}


def _walk(
    kids: list, *, prefix: str, ids: list, pdf: Pdf
) -> dict[tuple[int, int], pikepdf.Object | None]:
    """The structure elements under `kids` by object number (marked-content and object
    references left out). On the way, the ids of table header cells (and the cells' references
    to them) are made unique in the joined file, each id with its element added to `ids`; each
    plain span (PLAIN_SPAN) is replaced in its parent by its marked contents, its number then
    mapped to the parent (None: the element itself); and the elements whose attributes (/A) are
    the same share one object of them. WeasyPrint writes a span for every run of text: half the
    elements of the report; Typst writes three attribute dictionaries for every table cell, the
    same in every row of a column (88,700 at scale 10, 10,900 distinct); and qpdf keeps every
    object of the joined file in memory (about 1.5 KB each, a number in an array included)."""
    found: dict[tuple[int, int], pikepdf.Object | None] = {}
    shared: dict[bytes, pikepdf.Object] = {}  # attributes written out -> their one object
    stack = list(kids)
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or "/S" not in element:
            continue  # a marked-content id, or a marked-content or object reference
        if element.is_indirect:
            if element.objgen in found:
                continue
            found[element.objgen] = None
        if "/ID" in element:
            unique = prefix + str(element.ID)
            element.ID = pikepdf.String(unique)
            if element.is_indirect:
                ids.append((unique, element))
        attributes = element.get("/A")
        for owner in attributes if isinstance(attributes, Array) else [attributes]:
            if isinstance(owner, Dictionary) and "/Headers" in owner:
                owner.Headers = Array(pikepdf.String(prefix + str(h)) for h in owner.Headers)
        if attributes is not None and not attributes.is_indirect:
            written = attributes.unparse()
            if written not in shared:
                shared[written] = pdf.make_indirect(attributes)
            element.A = shared[written]
        element_kids = _kids(element)
        merged, page, changed = [], element.get("/Pg"), False
        for kid in element_kids:
            mcids = _plain_span(kid) if element.is_indirect else None
            if mcids is None:
                merged.append(kid)
                stack.append(kid)
                continue
            found[kid.objgen], changed = element, True
            if page is not None and kid.Pg.objgen == page.objgen:
                merged += mcids
            else:
                merged += [Dictionary(Type=Name.MCR, Pg=kid.Pg, MCID=m) for m in mcids]
        if changed:
            element.K = Array(merged)
    return found


def _in_tree(ref, in_tree: dict):
    """The element of the tree `ref` stands for: itself, the parent of a plain span, or None
    (an element outside the tree)."""
    if not isinstance(ref, Dictionary) or ref.objgen not in in_tree:
        return None
    return in_tree[ref.objgen] or ref


def _plain_span(element) -> list[int] | None:
    """The marked-content ids of a plain span on one page (PLAIN_SPAN), else None."""
    if not isinstance(element, Dictionary) or element.get("/S") != Name.Span:
        return None
    if not element.is_indirect or "/Pg" not in element or set(element.keys()) - PLAIN_SPAN:
        return None
    kids = _kids(element)
    return kids if all(isinstance(k, int) for k in kids) else None


def _as_artifacts(page: pikepdf.Page, mcids: set[int]) -> None:
    """The marked contents `mcids` of a page's content made artifacts (running headers)."""

    def replace(match: re.Match) -> bytes:
        return ARTIFACT if int(match[1]) in mcids else match[0]

    contents = page.obj.Contents
    for stream in contents if isinstance(contents, Array) else [contents]:
        stream.write(MARKED.sub(replace, stream.read_bytes()))


def stamp_pdf(pages: int, *, demo: bool, language: str) -> bytes:
    """`pages` empty pages carrying only their number of the whole ("Page N of M", the first
    page, the cover, without) and the demo watermark (typst/stamp.typ), untagged."""
    with translation.override(language):
        label = gettext("Page %(number)s of %(total)s") % {
            "number": "{number}",
            "total": "{total}",
        }
        watermark = pgettext("watermark", "DEMO CONTENT") if demo else None
    data = {"pages": pages, "format": label, "watermark": watermark, "language": language}
    return typeset.compile_pdf("stamp.typ", data, tagged=False)


def _stamp(pdf: Pdf, pages: list, forms: list[int], first_page: int, fixed: dict, before: int):
    """Each page of a part drawn over by its page of the stamp (page numbers of the whole and
    the watermark: `forms`, written already), inside an Artifact sequence (pagination, not
    content of the tree). The forms and the opening `q` are objects of the joined file: the
    part holds empty placeholders for them, which `fixed` gives their numbers."""
    placeholder = pdf.make_indirect(Dictionary())
    fixed[placeholder.objgen] = before
    for number, (page, form) in enumerate(zip(pages, forms, strict=True), start=first_page):
        name = f"/ASCNStamp{number}"
        drawn = pdf.make_indirect(Dictionary())
        fixed[drawn.objgen] = form
        resources = Dictionary(page.obj.get("/Resources") or Dictionary())  # shared by a part
        xobjects = Dictionary(resources.get("/XObject") or Dictionary())
        xobjects[name] = drawn
        resources.XObject = xobjects
        page.obj.Resources = resources
        after = pdf.make_stream(b"Q\n%s\nq %s Do Q\nEMC\n" % (ARTIFACT, name.encode()))
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, Array) else [contents]
        page.obj.Contents = Array([placeholder, *streams, after])


def _open(pdf: bytes) -> Pdf:
    return Pdf.open(io.BytesIO(pdf))
