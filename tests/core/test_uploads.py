"""core.uploads: types checked by content, sizes limited, files served as downloads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.uploads import (
    CSV,
    DOCUMENT_KINDS,
    DOCX,
    JPEG,
    PDF,
    PNG,
    PPTX,
    XLSX,
    attachment_response,
    validate_upload,
)
from meetings.models import Document
from tests import sample_files


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("statement.pdf", sample_files.pdf_bytes(), PDF),
        ("photo.png", sample_files.image_bytes("PNG"), PNG),
        ("photo.jpg", sample_files.image_bytes("JPEG"), JPEG),
        ("photo.JPEG", sample_files.image_bytes("JPEG"), JPEG),
        ("minutes.docx", sample_files.docx_bytes(), DOCX),
        ("budget.xlsx", sample_files.xlsx_bytes(), XLSX),
        ("slides.pptx", sample_files.pptx_bytes(), PPTX),
    ],
)
def test_real_documents_of_every_allowed_kind_are_accepted(name, content, kind):
    assert validate_upload(upload(name, content), allowed=DOCUMENT_KINDS) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.pdf", sample_files.HTML_PAGE),
        ("x.pdf", sample_files.SVG_IMAGE),
        ("x.pdf", b"   \n" + sample_files.HTML_PAGE),
        ("x.png", sample_files.pdf_bytes()),
        ("x.pdf", sample_files.docx_bytes()),
        ("x.docx", sample_files.xlsx_bytes()),
        ("x.pptx", sample_files.docx_bytes()),
        ("x.jpg", sample_files.image_bytes("PNG")),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, content), allowed=DOCUMENT_KINDS)
    assert refused.value.code == "content"


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "script.js", "archive.zip", "noext"])
def test_types_outside_the_allow_list_are_refused_whatever_their_content(name):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, sample_files.pdf_bytes()), allowed=DOCUMENT_KINDS)
    assert refused.value.code == "type"
    assert "DOCX, JPG, PDF, PNG, PPTX, XLSX" in refused.value.messages[0]


def test_a_zip_that_is_no_office_document_is_refused_as_docx():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", sample_files.HTML_PAGE)
    with pytest.raises(ValidationError):
        validate_upload(upload("x.docx", out.getvalue()), allowed=DOCUMENT_KINDS)


def test_a_file_over_the_site_limit_is_refused_with_its_size(settings):
    settings.UPLOAD_MAX_BYTES = 2048
    big = sample_files.pdf_bytes() + b"%" * 4096
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("big.pdf", big), allowed=DOCUMENT_KINDS)
    assert refused.value.code == "too_large"


def test_an_explicit_limit_overrides_the_site_limit():
    with pytest.raises(ValidationError):
        validate_upload(upload("a.pdf", sample_files.pdf_bytes()), allowed=(PDF,), max_bytes=10)


def test_a_file_at_the_limit_is_accepted(settings):
    content = sample_files.pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(content)
    assert validate_upload(upload("a.pdf", content), allowed=(PDF,)) == PDF


def test_a_text_table_is_accepted_as_csv_but_a_web_page_is_not():
    assert validate_upload(upload("projects.csv", b"city,title\nDa Nang,Bus\n"), allowed=(CSV,))
    with pytest.raises(ValidationError):
        validate_upload(upload("projects.csv", sample_files.HTML_PAGE), allowed=(CSV,))


def test_validation_leaves_the_file_ready_to_be_read_from_the_start():
    content = sample_files.docx_bytes()
    uploaded = upload("minutes.docx", content)
    validate_upload(uploaded, allowed=DOCUMENT_KINDS)
    assert uploaded.read() == content


# --- Serving ------------------------------------------------------------------------------------


@pytest.fixture
def stored_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document()
    document.file.save("abc.pdf", ContentFile(sample_files.pdf_bytes()), save=False)
    return document.file


def test_a_stored_file_is_served_as_an_attachment_that_browsers_never_sniff(stored_file):
    response = attachment_response(stored_file, "ASCN Terms of Reference.pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ASCN_Terms_of_Reference.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == sample_files.pdf_bytes()


def test_a_hostile_download_name_cannot_break_out_of_the_header(stored_file):
    response = attachment_response(stored_file, '../"evil".html\r\nX-Injected: 1')
    assert "X-Injected" not in response.headers
    assert "\n" not in response["Content-Disposition"]
    assert '"evil"' not in response["Content-Disposition"]


def test_a_name_with_nothing_usable_left_is_served_as_download(stored_file):
    response = attachment_response(stored_file, '"/\\:')
    assert 'filename="download"' in response["Content-Disposition"]


def test_a_file_missing_from_storage_is_a_404_not_a_server_error(stored_file):
    stored_file.storage.delete(stored_file.name)
    with pytest.raises(Http404):
        attachment_response(stored_file, "gone.pdf")
