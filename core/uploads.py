"""Safe handling of uploaded files: type checked by content, size limited, served as attachment."""

from __future__ import annotations

import mimetypes
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
CSV = FileKind("csv", "text/csv")

DOCUMENT_KINDS = (PDF, DOCX, XLSX, PPTX, PNG, JPEG)
EVIDENCE_KINDS = (PDF, PNG, JPEG, DOCX, XLSX)

# Office Open XML files are zip archives; the part that names the document type tells them apart.
_OOXML_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def _sniff(upload) -> str | None:
    """The extension the file's content says it has, or None when it is none we know."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return "csv" if _looks_like_text_table(head) else None
    if kind.extension in ("zip", "docx", "xlsx", "pptx"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return next((ext for ext, part in _OOXML_MARKERS.items() if part in names), None)
    return "jpg" if kind.extension == "jpeg" else kind.extension


def _looks_like_text_table(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not text.lstrip().startswith("<") and "\x00" not in text


def validate_upload(
    upload, *, allowed: tuple[FileKind, ...], max_bytes: int | None = None
) -> FileKind:
    """Return the kind of an uploaded file, or raise ValidationError saying what is wrong.

    The extension must be allowed and the content must really be of that kind: an HTML or SVG
    page renamed to .pdf is refused.
    """
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    extension = "jpg" if extension == "jpeg" else extension
    by_extension = {kind.extension: kind for kind in allowed}
    names = ", ".join(sorted(k.extension.upper() for k in allowed))
    if extension not in by_extension:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed: %(names)s.") % {"names": names},
            code="type",
        )
    if _sniff(upload) != extension:
        raise ValidationError(
            _("The file's content is not a valid %(ext)s file.") % {"ext": extension.upper()},
            code="content",
        )
    return by_extension[extension]


def attachment_response(field_file, filename: str) -> FileResponse:
    """Serve a stored file as a download that browsers never render inline.

    A file gone from storage (deleted by hand, a restore without media) is a 404, not a 500.
    """
    try:
        safe_name = get_valid_filename(filename)
    except SuspiciousFileOperation:
        safe_name = "download"
    content_type = mimetypes.guess_type(safe_name)[0] or "application/octet-stream"
    try:
        opened = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is no longer available.")) from exc
    response = FileResponse(
        opened, as_attachment=True, filename=safe_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
