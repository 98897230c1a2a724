"""The join of the report's PDF parts (reports/annual/document.py) takes parts laid out by
WeasyPrint and by Typst alike (issue 16, point 8: the city annexes and long tables move to
Typst): one structure tree whose Document holds every part's elements in page order, one
ParentTree without two parts' keys colliding, table headers' ids unique, every named destination
at its page of the whole, the content streams compressed. Read back with pypdf, as a viewer
would."""

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from core import fonts
from reports.annual import document, render, typeset
from tests.reports.test_report_tagged_pdf import (
    MCID,
    _kids,
    parent_tree,
    structure,
    text_of,
    texts_by_mcid,
    walk,
)

TYPST_PART = Path(__file__).resolve().parent / "typst" / "annex.typ"


def typst_part() -> bytes:
    """A Typst part as typeset.compile_pdf makes one (tagged PDF/UA-1, the static fonts, the data
    as JSON), from a source of the tests' own, which typeset's root does not reach."""
    import typst

    folder = fonts.pdf_folder()
    fonts.pdf_fonts(folder)
    compiler = typst.Compiler(
        root=str(TYPST_PART.parent), font_paths=[str(folder)], ignore_system_fonts=True
    )
    data = {
        "title": "City annex: Typstville",
        "heading": "City annex: Typstville",
        "link": "Typstville's projects",
        "rows": [{"project": f"Typst project {i}", "stage": "Planning"} for i in range(3)],
        "closing": "Typstville's second page.",
        "fonts": typeset.FONT_FAMILIES,
    }
    return compiler.compile(
        input=str(TYPST_PART),
        format="pdf",
        sys_inputs={"data": json.dumps(data)},
        pdf_standards=["ua-1"],
    )


def weasyprint_part(name: str) -> bytes:
    """A part as WeasyPrint lays one out: a heading that is an anchor, a running header (marked
    content outside the tree: an artifact once joined), a table with header cells."""
    return render.render_pdf(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>
        <style>@page {{ size: A4; @top-left {{ content: "Running {name}"; }} }}</style></head>
        <body><h1 id="{name.lower()}">Section {name}</h1>
        <table><thead><tr><th>Project</th><th>Stage</th></tr></thead>
        <tbody><tr><td>{name} project</td><td>Planning</td></tr></tbody></table></body></html>"""
    )


@pytest.fixture(scope="module")
def joined() -> tuple[PdfReader, list[int]]:
    parts = [weasyprint_part("Alpha"), typst_part(), weasyprint_part("Beta")]
    joined, starts = document.join(parts)
    read = [document.read_part(p) for p in parts]
    document._destinations(joined, list(zip(read, starts, strict=True)))
    return PdfReader(io.BytesIO(document.save(joined))), starts


def test_one_document_holds_every_parts_elements_in_page_order(joined):
    pdf, starts = joined
    assert starts == [0, 1, 3] and len(pdf.pages) == 4
    tops, _elements = structure(pdf)
    assert [t.role for t in tops] == ["/Document"]  # Typst's own Document is not kept
    texts = {page.indirect_reference.idnum: texts_by_mcid(page) for page in pdf.pages}
    elements = list(walk(tops[0]))
    headings = [text_of(e, texts) for e in elements if e.role == "/H1"]
    assert headings == ["Section Alpha", "City annex: Typstville", "Section Beta"]
    pages = [page.indirect_reference.idnum for page in pdf.pages]
    with_page = [pages.index(e.obj.raw_get("/Pg").idnum) for e in elements if "/Pg" in e.obj]
    assert with_page == sorted(with_page)


def test_every_marked_content_is_in_the_tree_under_keys_that_never_collide(joined):
    pdf, _starts = joined
    tops, elements = structure(pdf)
    in_tree = {(page, mcid) for e in walk(tops[0]) for page, mcid in e.mcids}
    entries = parent_tree(pdf)  # asserts each key once
    keys = [page["/StructParents"] for page in pdf.pages]
    assert len(set(keys)) == len(keys)
    assert pdf.root_object["/StructTreeRoot"]["/ParentTreeNextKey"] > max(entries)
    for page in pdf.pages:
        by_mcid = entries[page["/StructParents"]].get_object()
        streams = page["/Contents"]
        streams = [s.get_object() for s in streams] if isinstance(streams, list) else [streams]
        data = b"".join(s.get_data() for s in streams)
        used = [int(m) for m in MCID.findall(data)]
        assert used
        for mcid in used:
            assert (page.indirect_reference.idnum, mcid) in in_tree
            assert by_mcid[mcid].idnum in elements
        assert all("/Filter" in s for s in streams)  # compressed
    # The running headers: artifacts now, their text still on the page.
    first = pdf.pages[0]["/Contents"]
    first = [s.get_object() for s in first] if isinstance(first, list) else [first]
    assert b"/Artifact BMC" in b"".join(s.get_data() for s in first)
    assert "Running Alpha" in pdf.pages[0].extract_text()


def test_table_headers_ids_are_unique_and_listed_and_the_links_hold_their_annotations(joined):
    pdf, _starts = joined
    tops, _elements = structure(pdf)
    elements = list(walk(tops[0]))
    ids = [bytes(e.obj["/ID"], "utf-8") for e in elements if "/ID" in e.obj]
    assert len([e for e in elements if e.role == "/TH"]) >= 6
    assert len(ids) == len(set(ids)) >= 6
    listed = pdf.root_object["/StructTreeRoot"]["/IDTree"]["/Names"]
    assert {bytes(listed[i], "utf-8") for i in range(0, len(listed), 2)} == set(ids)
    for element in elements:
        attributes = element.obj.get("/A")
        for owner in attributes if isinstance(attributes, list) else [attributes]:
            if owner and "/Headers" in owner:
                assert {bytes(h, "utf-8") for h in owner["/Headers"]} <= set(ids)
    entries = parent_tree(pdf)
    links = [a.get_object() for page in pdf.pages for a in page.get("/Annots") or []]
    assert links  # Typst's link to its own heading
    for link in links:
        element = entries[link["/StructParent"]].get_object()
        held = [k.get_object() for k in _kids(element) if not isinstance(k, int)]
        assert any(k.get("/Obj") == link.indirect_reference for k in held)


def test_named_destinations_of_every_part_at_their_page_of_the_whole(joined):
    pdf, starts = joined
    pages = {name: pdf.get_destination_page_number(d) for name, d in pdf.named_destinations.items()}
    assert pages == {"alpha": starts[0], "city-typst": starts[1], "beta": starts[2]}
    link = pdf.pages[starts[1]]["/Annots"][0].get_object()
    assert link["/Dest"] == "city-typst"


def test_the_stamp_is_typst_in_the_reports_language_with_the_watermark():
    english = PdfReader(io.BytesIO(document.stamp_pdf(3, demo=True, language="en")))
    texts = [" ".join(page.extract_text().split()) for page in english.pages]
    assert "Page" not in texts[0] and "DEMO CONTENT" in texts[0]  # the cover: no number
    assert [re.sub("DEMO CONTENT", "", t).strip() for t in texts[1:]] == [
        "Page 2 of 3",
        "Page 3 of 3",
    ]
    vietnamese = PdfReader(io.BytesIO(document.stamp_pdf(2, demo=False, language="vi")))
    assert [page.extract_text().strip() for page in vietnamese.pages] == ["", "Trang 2/2"]
    assert "/StructTreeRoot" not in vietnamese.root_object  # untagged: drawn as an artifact


@pytest.mark.parametrize(("cities", "pages"), [(0, 2), (37, 2), (62, 2), (63, 3), (370, 5)])
def test_the_front_is_guessed_at_its_pages_for_the_network_s_size(cities, pages):
    # 370 cities (ten times the network) take a cover and four pages of contents.
    assert document._front_pages_guess(cities) == pages


def test_elements_with_the_same_attributes_share_one_object_of_them(joined):
    """Typst writes the same attribute dictionaries for every cell of a column, and qpdf holds
    every object of the joined file in memory: equal attributes are one object, read the same."""
    pdf, _starts = joined
    tops, _elements = structure(pdf)
    held = [e.obj.get("/A") for e in walk(tops[0]) if "/A" in e.obj]
    shared = [a.idnum for a in held if isinstance(a, IndirectObject)]
    assert shared and len(shared) == len(held)
    assert len(set(shared)) < len(shared)
    for attributes in held:
        owners = attributes.get_object()
        owners = owners if isinstance(owners, list) else [owners]
        assert all("/O" in owner.get_object() for owner in owners)
