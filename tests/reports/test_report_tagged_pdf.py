"""The annual report's PDF is tagged (issue 16, point 5): one structure tree across the joined
parts, read here from the file itself. Every page's marked content belongs to the tree, what is
laid over the pages (page numbers, watermark) is an artifact, headings are headings in report
order, tables have header cells, charts are figures with alternative text. Also the Vietnamese
report's watermark and spreadsheet labels (issue 16, points 2 and 3)."""

import io
import json
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from reports.annual import outline
from reports.services import report_request

# The document tests' small report (its fixtures: pytest finds them imported here).
from tests.reports.test_report_document import pdf_of, report, rich_network  # noqa: F401

MCID = re.compile(rb"/MCID\s+(\d+)\s*>>\s*BDC")
# Operators that put something on the page: each must be inside marked content.
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b"}
PAINTING |= {b"b*", b"sh", b"BI", b"INLINE IMAGE"}


@dataclass
class Element:
    role: str
    obj: DictionaryObject
    mcids: list = field(default_factory=list)  # (object number of the page, MCID)
    kids: list = field(default_factory=list)


def _kids(obj) -> list:
    kids = obj.get("/K")
    if kids is None:
        return []
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def structure(pdf: PdfReader) -> tuple[list[Element], dict[int, Element]]:
    """The tree's top elements, and every element by its object number."""
    by_number: dict[int, Element] = {}

    def build(ref, page):
        obj = ref.get_object()
        page = obj.raw_get("/Pg").idnum if "/Pg" in obj else page
        element = Element(str(obj["/S"]), obj)
        by_number[ref.idnum] = element
        for kid in _kids(obj):
            if isinstance(kid, int):
                element.mcids.append((page, int(kid)))
            elif "/S" in kid.get_object():
                element.kids.append(build(kid, page))
            elif kid.get_object().get("/Type") == "/MCR":
                element.mcids.append((page, int(kid.get_object()["/MCID"])))
        return element

    return [build(k, None) for k in _kids(pdf.root_object["/StructTreeRoot"])], by_number


def walk(element: Element):
    yield element
    for kid in element.kids:
        yield from walk(kid)


def texts_by_mcid(page) -> dict[int, str]:
    """The text of each marked content of a page."""
    found: dict[int, list[str]] = {}
    stack: list[int | None] = []

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            stack.append(None if mcid is None else int(mcid))
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value, cm, tm, font, size):
        if stack and stack[-1] is not None:
            found.setdefault(stack[-1], []).append(value)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {mcid: "".join(parts) for mcid, parts in found.items()}


def text_of(element: Element, texts: dict[int, dict[int, str]]) -> str:
    return " ".join(
        "".join(texts[page].get(m, "") for e in walk(element) for page, m in e.mcids).split()
    )


def parent_tree(pdf: PdfReader) -> dict[int, object]:
    nums = pdf.root_object["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == sorted(set(keys))  # no key twice: no two parts' keys collide
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


@pytest.mark.django_db
def test_the_pdf_is_tagged_titled_and_in_the_reports_language(report):  # noqa: F811
    pdf = pdf_of(report)
    root = pdf.root_object
    title = "ASEAN Smart Cities Network: Progress Report 2024"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert root["/Lang"] == "en"
    assert pdf.metadata.title == title
    xmp = root["/Metadata"].get_data().decode()
    # The front part's (Typst's): pdfuaid:part as an element, not an attribute.
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp) and f">{title}</rdf:li>" in xmp
    assert "NPages" not in xmp  # the front's own count of pages is not the whole's


@pytest.mark.django_db
def test_one_document_whose_headings_tables_lists_and_figures_are_tagged(report):  # noqa: F811
    pdf = pdf_of(report)
    tops, _elements = structure(pdf)
    assert [t.role for t in tops] == ["/Document"]
    document = tops[0]
    pages = {page.indirect_reference.idnum for page in pdf.pages}
    elements = list(walk(document))
    assert all(e.obj.raw_get("/Pg").idnum in pages for e in elements if "/Pg" in e.obj)

    # Every section's heading and every city annex's name, in report order.
    texts = {page.indirect_reference.idnum: texts_by_mcid(page) for page in pdf.pages}
    headings = [text_of(e, texts) for e in elements if e.role in ("/H1", "/H2")]
    cities = [c["name"] for c in json.loads(report.json_file.read())["city_annexes"]]
    expected = [h.title for h in outline.headings()] + cities
    found = iter(headings)
    for heading in expected:
        assert any(text.startswith(heading) for text in found), (heading, headings)

    roles = [e.role for e in elements]
    for role in ("/Table", "/TR", "/TH", "/TD", "/Caption", "/L", "/LI", "/P", "/Figure"):
        assert role in roles, role
    header_ids = [bytes(e.obj["/ID"], "utf-8") for e in elements if e.role == "/TH"]
    assert header_ids and len(header_ids) == len(set(header_ids))  # unique across the parts
    for cell in (e for e in elements if e.role == "/TD" and "/Headers" in e.obj["/A"]):
        assert {bytes(h, "utf-8") for h in cell.obj["/A"]["/Headers"]} <= set(header_ids)
    figures = [e.obj.get("/Alt") for e in elements if e.role == "/Figure"]
    assert len(figures) >= 4 and all(figures), figures  # the exhibits' charts
    assert "Exhibit 1: share of projects per ASCF focus area" in figures
    links = [e for e in elements if e.role == "/Link"]
    for link in links:  # a link holds its annotation (and its text's marked content)
        held = [k.get_object() for k in _kids(link.obj) if not isinstance(k, int)]
        assert any(k.get("/Type") == "/OBJR" for k in held), link
    assert len(links) == len(expected)  # the contents' entries


@pytest.mark.django_db
def test_the_contents_link_to_the_page_of_each_section_and_city_annex(report):  # noqa: F811
    pdf = pdf_of(report)
    bookmarks = {}
    for item in pdf.outline:
        for bookmark in item if isinstance(item, list) else [item]:
            bookmarks[bookmark.title] = pdf.get_destination_page_number(bookmark)
    cities = json.loads(report.json_file.read())["city_annexes"]
    titles = {h.anchor: h.title for h in outline.headings()}
    titles |= {f"city-{c['slug']}": c["name"] for c in cities}
    links = [a.get_object() for a in pdf.pages[1]["/Annots"]]
    # Typst's links to `ascn-dest:<name>` (front.typ) are links to the named destinations now.
    assert [str(link["/Dest"]) for link in links] == list(titles)
    assert not any("/A" in link for link in links)
    entries = parent_tree(pdf)
    for link in links:
        target = pdf.named_destinations[str(link["/Dest"])]
        assert pdf.get_destination_page_number(target) == bookmarks[titles[link["/Dest"]]]
        # Its element in the tree, found by its key in the ParentTree, holds it (/OBJR).
        element = entries[link["/StructParent"]].get_object()
        held = [k.get_object() for k in _kids(element) if not isinstance(k, int)]
        assert any(k.get("/Obj") == link.indirect_reference for k in held), link


@pytest.mark.django_db
def test_the_contents_list_the_city_annexes_in_one_list(report):  # noqa: F811
    # Laid out as a grid of two columns (render.ANNEX_GRID_UP_TO): WeasyPrint's CSS columns
    # made a list of each column inside the list.
    _tops, elements = structure(pdf_of(report))
    cities = json.loads(report.json_file.read())["city_annexes"]
    lists = [e for e in elements.values() if e.role == "/L"]
    assert any([k.role for k in e.kids] == ["/LI"] * len(cities) for e in lists)


@pytest.mark.django_db
def test_every_pages_marked_content_is_in_the_tree_and_the_rest_is_an_artifact(report):  # noqa: F811
    pdf = pdf_of(report)
    tops, elements = structure(pdf)
    in_tree = {(page, mcid) for e in walk(tops[0]) for page, mcid in e.mcids}
    entries = parent_tree(pdf)
    keys = [page["/StructParents"] for page in pdf.pages]
    assert len(set(keys)) == len(keys)
    assert pdf.root_object["/StructTreeRoot"]["/ParentTreeNextKey"] > max(entries)
    for number, page in enumerate(pdf.pages, start=1):
        page_ref = page.indirect_reference.idnum
        by_mcid = entries[page["/StructParents"]].get_object()
        streams = [s.get_object() for s in page["/Contents"]]
        used = [int(m) for s in streams for m in MCID.findall(s.get_data())]
        assert used, number
        for mcid in used:
            assert (page_ref, mcid) in in_tree, (number, mcid)
            assert (page_ref, mcid) in elements[by_mcid[mcid].idnum].mcids, (number, mcid)
        # The stamp: drawn last, as a whole, inside an Artifact sequence.
        stamp = streams[-1].get_data()
        assert re.fullmatch(rb"Q\n/Artifact BMC\nq /ASCNStamp\d+ Do Q\nEMC\n", stamp), stamp
        # Nothing painted outside marked content: tagged, or an artifact.
        depth = 0
        for _operands, operator in ContentStream(page["/Contents"], pdf).operations:
            depth += {b"BDC": 1, b"BMC": 1, b"EMC": -1}.get(operator, 0)
            assert depth or operator not in PAINTING, (number, operator)


@pytest.mark.django_db
def test_a_vietnamese_reports_watermark_and_spreadsheet_are_vietnamese(
    eager,
    rich_network,  # noqa: F811
    asec_user,
    django_capture_on_commit_callbacks,
):
    apps.get_model("demo", "DemoContent").objects.create()
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = report_request(year=2024, actor=asec_user, language="vi")
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    pdf = pdf_of(report)
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    assert all("NỘI DUNG MINH HỌA" in text for text in pages)
    assert not any("DEMO CONTENT" in text for text in pages)
    assert pdf.root_object["/Lang"] == "vi"
    assert pdf.metadata.title == "Mạng lưới Thành phố thông minh ASEAN: Báo cáo Tiến độ 2024"

    book = load_workbook(io.BytesIO(report.xlsx_file.read()))
    names = book.sheetnames
    assert names[0] == "Hướng dẫn" and "Dự án theo thành phố" in names
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == len(names)
    readme = [c for row in book[names[0]].iter_rows(values_only=True) for c in row if c]
    assert "Số liệu tính đến" in readme and "Trang tính" in readme
    assert any(str(c).startswith("NỘI DUNG MINH HỌA:") for c in readme)
    header = [c.value for c in next(book["Dự án theo thành phố"].iter_rows(max_row=1))]
    assert header == [
        "Thành phố",
        "Dự án",
        "Lĩnh vực trọng tâm",
        "Giai đoạn",
        "Tỷ lệ hoàn thành (%)",
        "Trạng thái",
        "Ngân sách (USD)",
    ]
    statuses = {r[5] for r in book["Dự án theo thành phố"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"Có nguy cơ chậm"}
    english = {"README", "Projects by city", "Summary", "Focus areas", "Highlighted projects"}
    assert not english & set(names)
    assert book["Dự án theo thành phố"].oddHeader.center.text.startswith("NỘI DUNG MINH HỌA")
