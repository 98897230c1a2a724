"""Real small files of every kind an upload may be, built in memory for tests.

Each is a genuine file of its type (a PDF pypdf can read, images Pillow wrote, Office Open XML
packages), plus hostile pages (HTML, SVG) to disguise as documents.
"""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 102, 204)).save(out, format=fmt)
    return out.getvalue()


def ooxml_bytes(main_part: str, content_type: str) -> bytes:
    """A minimal Office Open XML package (DOCX/PPTX) with its content types and main part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/officeDocument" Target="{main_part}"/></Relationships>',
        )
        package.writestr(main_part, '<?xml version="1.0" encoding="UTF-8"?><document/>')
    return out.getvalue()


def docx_bytes() -> bytes:
    return ooxml_bytes(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def pptx_bytes() -> bytes:
    return ooxml_bytes(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    )


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["city", "decision"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
