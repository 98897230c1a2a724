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

The join is qpdf's (pikepdf): it copies the pages and the trees' objects in C++, and writes the
content streams compressed, in object streams. Python only walks each part's tree once (the
table headers' ids, the elements in the tree, plain spans folded into their parents: _walk) and
writes the few dictionaries that tie the parts together. Each part is open only while it is
copied; what else is read of it (pages, anchors, bookmarks, metadata) is read once (Part).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
import warnings
from dataclasses import dataclass
from typing import BinaryIO

import pikepdf
from django.utils import translation
from django.utils.translation import gettext, pgettext
from pikepdf import Array, Dictionary, Name, Pdf

from reports.annual import outline, render, typeset
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
    """The cover and the contents, laid out again if the page numbers they show change how many
    pages they take (a long list of annexes). The first layout starts from the pages the list
    of annexes should take (two columns: about 70 cities under the sections, 106 a page after),
    so that a network of any size is usually laid out once (at 370 cities, 5 pages: the second
    layout cost 3.5 s)."""
    front_pages = _front_pages_guess(len(annexes))
    for _attempt in range(3):
        sections, cities = contents(content, parts, annexes, first_page=front_pages + 1)
        part = read_part(render.render_front_pdf(content, sections, cities, as_of=as_of))
        if part.pages == front_pages:
            break
        front_pages = part.pages
    return part


CITIES_ON_FIRST_CONTENTS_PAGE = 70
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
    contents in WeasyPrint, the stamp in Typst) is done before qpdf holds the joined tree, and
    what it freed is given back to the system first (release_memory)."""
    section_parts = [read_part(p) for p in parts]
    annex_parts = [read_part(p) for p in annexes]
    front_part = front(content, section_parts, annex_parts, as_of=as_of)
    everything = [front_part, *section_parts, *annex_parts]
    language = content.get("language", "en")
    demo = bool(content.get("demo_content"))
    stamp = stamp_pdf(sum(part.pages for part in everything), demo=demo, language=language)
    release_memory()
    joined, starts = join([part.pdf for part in everything])
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
    _stamp(joined, stamp)
    _describe(joined, front_part, title=title, language=language)
    if out is None:
        return save(joined)
    save(joined, out)
    return None


def release_memory() -> None:
    """Give back to the system the memory that the process has freed (glibc's malloc_trim;
    elsewhere nothing): glibc keeps what a library frees for its next allocations, so a process
    that laid out parts or the stamp (Typst: 105 MB at scale 10, for a moment) would keep their
    peak resident while qpdf builds the joined file beside it, and a pool process idle after its
    last part would keep its own. About 1 ms; a collection of Python's cycles first (gc) would
    cost 0.1 s and free little here."""
    with contextlib.suppress(AttributeError, OSError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


def join(parts: list[bytes]) -> tuple[Pdf, list[int]]:
    """The parts' pages one after another with one structure tree, and where each part starts
    (the index of its first page). Each part is opened, copied and closed in turn: the copies
    keep what they need of it."""
    joined = Pdf.new()
    tree = StructureTree(joined)
    starts = []
    for data in parts:
        starts.append(len(joined.pages))
        with _open(data) as pdf:
            tree.graft(pdf)
    tree.finish()
    return joined, starts


def save(joined: Pdf, out: BinaryIO | None = None) -> bytes:
    """The file: streams compressed (the parts' as they were, rewritten ones anew), the many
    small objects of the trees in object streams; the same bytes for the same parts. Written to
    `out` when given (then b""), else returned."""
    target = io.BytesIO() if out is None else out
    joined.save(
        target,
        min_version="1.7",
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return target.getvalue() if out is None else b""


def _destinations(joined: Pdf, placed: list[tuple[Part, int]]) -> None:
    """The joined file's named destinations: every anchor of the parts (a section, a city annex)
    at its page of the whole. The contents' links go to these names; the front part's own
    anchors of the same names (the contents' entries, there only so that WeasyPrint keeps the
    links) are left out."""
    names: dict[str, Array] = {}
    for part, start in placed:
        for name, (index, left, top) in part.destinations.items():
            if name not in names:
                page = joined.pages[start + index].obj
                names[name] = Array([page, Name.XYZ, left or 0, top or 0, 0])
    tree = [item for name in sorted(names) for item in (pikepdf.String(name), names[name])]
    joined.Root.Names = Dictionary(Dests=Dictionary(Names=Array(tree)))


def _outline(joined: Pdf, parts: list[tuple[Part, int]], annexes_title: str, cities) -> None:
    """The bookmarks: each section part's own, at their pages of the whole, then "City annexes"
    with one bookmark per city annex."""

    def item(bookmark: Bookmark, start: int) -> pikepdf.OutlineItem:
        copy = pikepdf.OutlineItem(
            bookmark.title,
            start + bookmark.page,
            pikepdf.PageLocation.XYZ,
            left=bookmark.left,
            top=bookmark.top,
        )
        copy.children.extend(item(kid, start) for kid in bookmark.children)
        return copy

    with joined.open_outline() as joined_outline:
        for part, start in parts:
            joined_outline.root.extend(item(bookmark, start) for bookmark in part.bookmarks)
        if cities:
            parent = pikepdf.OutlineItem(annexes_title, cities[0][1])
            parent.children.extend(pikepdf.OutlineItem(name, start) for name, start in cities)
            joined_outline.root.append(parent)


def _describe(joined: Pdf, front: Part, *, title: str, language: str) -> None:
    """What PDF/UA asks of the whole document: its title (shown by viewers instead of the file
    name), its language, that it is tagged, and the XMP metadata (dc:title, pdfuaid:part) that
    WeasyPrint wrote for the front part, whose title is the report's."""
    joined.docinfo[Name.Title] = pikepdf.String(title)
    root = joined.Root
    root.Lang = pikepdf.String(language)
    root.MarkInfo = Dictionary(Marked=True)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    if front.metadata is not None:
        metadata = joined.make_stream(front.metadata, Type=Name.Metadata, Subtype=Name.XML)
        root.Metadata = metadata


# WeasyPrint's marked content: `/Span <</MCID 3>> BDC` (pydyf writes it on three lines).
MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact BMC"


class StructureTree:
    """The joined document's structure tree, grown part by part as the parts' pages are
    appended (`graft`), then written into the catalog (`finish`).

    qpdf copies the objects of a part into the joined file once, keeping a map per part: the
    elements copied after the pages point (/Pg) at the copied pages, a link's /OBJR at its copied
    annotation. Before the copy, each part is changed in place: its top elements lose their
    parent (the part's Document or StructTreeRoot, which are not copied: the joined Document is
    their parent), the ids of its table headers are made unique, its ParentTree keys and its
    pages' and annotations' keys shifted.

    WeasyPrint gives the content of page margins (the running headers) marked-content ids but
    keeps their elements out of the tree; here they become artifacts, as pagination is."""

    def __init__(self, joined: Pdf):
        self.joined = joined
        self.root = joined.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = joined.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.root.K = Array([self.document])
        # Built as lists, made arrays at the end: a pikepdf Array grows by a copy of itself.
        self.kids: list = []
        self.nums: list = []
        self.ids: list[tuple[str, pikepdf.Object]] = []
        self.next_key = 0
        self.parts = 0
        self.maps = {"/RoleMap": Dictionary(), "/ClassMap": Dictionary()}

    def graft(self, pdf: Pdf) -> None:
        """Append a part's pages, and its tree to the joined one."""
        tree_root = pdf.Root.get("/StructTreeRoot")
        if tree_root is None:  # an untagged part: its pages stay outside the tree
            _append_pages(self.joined, pdf)
            return
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
            nums += [key + offset, value]
        for page in pdf.pages:
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

        maps = [tree_root.get(name) or Dictionary() for name in self.maps]
        holder = pdf.make_indirect(
            Array([Array(kids), Array(nums), Array([e for _i, e in ids]), *maps])
        )
        # The pages first: the elements' /Pg are then these copies. (The named destinations,
        # which pikepdf warns this copy leaves behind, are the joined file's own: _destinations.)
        _append_pages(self.joined, pdf)
        copied_kids, copied_nums, copied_ids, *copied_maps = self.joined.copy_foreign(holder)
        for kid in copied_kids:
            kid.P = self.document
        self.kids += list(copied_kids)
        self.nums += list(copied_nums)
        self.ids += zip([i for i, _e in ids], copied_ids, strict=True)
        for merged, copied in zip(self.maps.values(), copied_maps, strict=True):
            for key, value in copied.items():
                if key not in merged:
                    merged[key] = value

    def finish(self) -> None:
        self.document.K = Array(self.kids)
        self.root.ParentTree = self.joined.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        if self.ids:
            ids = sorted(self.ids, key=lambda pair: pair[0].encode())
            names = [item for name, element in ids for item in (pikepdf.String(name), element)]
            self.root.IDTree = Dictionary(Names=Array(names))
        for name, merged in self.maps.items():
            if merged:
                self.root[name] = merged
        self.joined.Root.StructTreeRoot = self.root


def _append_pages(joined: Pdf, pdf: Pdf) -> None:
    """The part's pages copied to the end of the joined file. (pikepdf warns that the named
    destinations stay behind: the joined file's own are written by _destinations.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        joined.pages.extend(pdf.pages)


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


def _stamp(joined: Pdf, stamp_file: bytes) -> None:
    """Page numbers of the whole and the watermark (stamp_pdf, one page for each page of
    `joined`): each page of the stamp drawn over its page as a form XObject, inside an Artifact
    sequence (pagination, not content of the tree)."""
    with _open(stamp_file) as stamp:
        forms = stamp.make_indirect(Array(page.as_form_xobject() for page in stamp.pages))
        forms = list(joined.copy_foreign(forms))
    before = joined.make_stream(b"q\n")
    for number, (page, form) in enumerate(zip(joined.pages, forms, strict=True)):
        name = f"/ASCNStamp{number}"
        resources = Dictionary(page.obj.get("/Resources") or Dictionary())  # shared by a part
        xobjects = Dictionary(resources.get("/XObject") or Dictionary())
        xobjects[name] = form
        resources.XObject = xobjects
        page.obj.Resources = resources
        after = joined.make_stream(b"Q\n%s\nq %s Do Q\nEMC\n" % (ARTIFACT, name.encode()))
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, Array) else [contents]
        page.obj.Contents = Array([before, *streams, after])


def _open(pdf: bytes) -> Pdf:
    return Pdf.open(io.BytesIO(pdf))
