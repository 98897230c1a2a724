"""The PDF report sets every member city's local name in the fonts the portal installs from PyPI
(core/fonts.py), the same on a machine with no font at all: fontconfig is given a
configuration without a single font folder, as on a bare container. The city annexes are laid
out by Typst (reports/annual/typeset.py), which reads no host font whatever fontconfig has."""

import csv
import io
import re
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core import fonts
from reports.annual import document, render

CITIES = Path(settings.BASE_DIR) / "reference" / "data" / "cities.csv"
NO_FONT_FOLDER = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
# WeasyPrint names an embedded font by its family and weight: "ASCN-Noto-Sans-Thai-Bold".
PACKAGED = re.compile(f"({'|'.join(family.replace(' ', '-') for family in fonts.FAMILIES)})(-.*)?")


def typst_names() -> set[str]:
    """Typst names an embedded font by its PostScript name: that of a packaged static instance
    ("NotoSansThai-Bold")."""
    return {
        TTFont(path)["name"].getDebugName(6)
        for _face, _weight, path in fonts.pdf_fonts(fonts.pdf_folder())
    }


def member_cities() -> list[dict]:
    with CITIES.open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def annex(city: dict) -> dict:
    project = {
        "title": "Smart mobility",
        "focus_areas": ["Built infrastructure"],
        "stage": "ongoing",
        "budget_usd": None,
    }
    return {
        **{key: city[key] for key in ("slug", "name", "local_name", "country")},
        "projects": [{**project, "percent_complete": 40, "status": "On track", "indicators": []}],
    }


def squeeze(text: str) -> str:
    # An extractor may put a space where a mark sits apart from its base letter (Lao, Khmer).
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page as PDFium extracts it. Typst writes a cluster whose glyphs do not
    map one by one to its letters (most of Thai, Lao, Khmer and Myanmar) with its letters as
    /ActualText, which PDFium (Chromium's PDF reader) and poppler read, and pypdf does not."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def embedded_fonts(pdf: PdfReader) -> set[str]:
    """The embedded fonts' names without their subset tags (ABCDEF+)."""
    return {
        str(font.get_object()["/BaseFont"]).lstrip("/").partition("+")[2]
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }


def not_packaged(names: set[str]) -> set[str]:
    return {name for name in names if not PACKAGED.fullmatch(name)} - typst_names()


def fonts_fontconfig_sees() -> int:
    from weasyprint.text.ffi import ffi, fontconfig

    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    return fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem).nfont


@pytest.fixture
def no_host_fonts(tmp_path, monkeypatch):
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONT_FOLDER.format(cache=tmp_path / "cache"))
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert fonts_fontconfig_sees() == 0


def report_pdf_of_every_city() -> tuple[list[dict], bytes]:
    """The annexes of all member cities, laid out and joined as the report job does."""
    cities = member_cities()
    annexes = [annex(city) for city in cities]
    parts = [render.render_annex_pdf(city, 2025) for city in annexes]
    content = {"year": 2025, "data_hash": "0" * 64, "demo_content": False, "city_annexes": annexes}
    return cities, document.assemble_pdf(content, [], parts, as_of="31 December 2025")


def test_the_reference_data_has_a_local_name_in_each_script_of_the_network():
    text = "".join(city["local_name"] for city in member_cities())
    for first, last in ((0x0E01, 0x0E5B), (0x0E81, 0x0EDF), (0x1780, 0x17FF), (0x1000, 0x109F)):
        assert any(first <= ord(letter) <= last for letter in text)
    assert "Đà Nẵng" in text


@pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")  # as intended
def test_every_local_name_is_extractable_from_a_pdf_made_without_any_host_font(no_host_fonts):
    cities, pdf = report_pdf_of_every_city()
    texts = page_texts(pdf)
    annex_pages = texts[len(texts) - len(cities) :]  # after the cover and contents
    unreadable = [
        city["local_name"]
        for city, text in zip(cities, annex_pages, strict=True)
        if squeeze(city["local_name"]) not in squeeze(text)
    ]
    assert unreadable == []
    assert not_packaged(embedded_fonts(PdfReader(io.BytesIO(pdf)))) == set()


def test_the_pdf_embeds_the_packaged_fonts_even_where_the_host_has_its_own():
    _, pdf = report_pdf_of_every_city()
    embedded = embedded_fonts(PdfReader(io.BytesIO(pdf)))
    assert not_packaged(embedded) == set()
    # The cover and contents (Typst: its title bold, the kicker and contents' entries 600).
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-SemiBold"} <= embedded & typst_names()
    scripts = {"NotoSansThai-Regular", "NotoSansLao-Regular", "NotoSansKhmer-Regular"}
    assert scripts | {"NotoSansMyanmar-Regular"} <= embedded & typst_names()  # the annexes


def test_a_part_embeds_static_fonts_that_weasyprint_need_not_instantiate():
    """A variable font costs every part an instance of each weight it uses (core/fonts.py)."""
    css = render.REPORT_CSS.read_text(encoding="utf-8")
    body = '<h2>Bangkok <span class="local-name">กรุงเทพมหานคร</span></h2><p>Thailand</p>'
    html = f'<html lang="en"><style>{css}</style><body class="part">{body}</body></html>'
    pdf = PdfReader(io.BytesIO(render.render_pdf(html)))
    embedded = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded[str(font["/BaseFont"])] = TTFont(
                io.BytesIO(descriptor["/FontFile2"].get_data())
            )
    assert {name.partition("+")[2] for name in embedded} >= {
        "ASCN-Noto-Sans",
        "ASCN-Noto-Sans-Bold",
        "ASCN-Noto-Sans-Thai",
    }
    assert all("fvar" not in font and "gvar" not in font for font in embedded.values())
