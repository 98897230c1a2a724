"""Document uploads: content-checked, size-limited, stored under MEDIA_ROOT, served as downloads."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document
from tests import sample_files
from tests.meetings.factories import DocumentFactory


def _post(client, meeting, name, content, **fields):
    data = {"title": "Chair's statement", "kind": "statement", "date": "2020-07-17"}
    data |= fields
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("meetings:document_create", args=[meeting.pk]), data)


@pytest.fixture
def asec(client_for, asec_user):
    return client_for(asec_user)


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("statement.pdf", sample_files.pdf_bytes(), "pdf"),
        ("photo.png", sample_files.image_bytes("PNG"), "png"),
        ("photo.jpeg", sample_files.image_bytes("JPEG"), "jpg"),
        ("minutes.docx", sample_files.docx_bytes(), "docx"),
        ("figures.xlsx", sample_files.xlsx_bytes(), "xlsx"),
        ("slides.pptx", sample_files.pptx_bytes(), "pptx"),
    ],
)
def test_asec_uploads_a_document_stored_under_media_root(
    asec, asec_user, meeting, media_root, name, content, extension
):
    response = _post(asec, meeting, name, content)

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.meeting, document.uploaded_by) == (meeting, asec_user)
    stored = Path(document.file.path)
    assert stored.is_relative_to(media_root)
    assert not stored.is_relative_to(Path(settings.BASE_DIR) / "static")
    assert stored.suffix == f".{extension}"
    assert name.split(".")[0] not in stored.name  # a random name nobody can guess
    assert stored.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.pdf", sample_files.HTML_PAGE), ("x.pdf", sample_files.SVG_IMAGE)],
    ids=["html", "svg"],
)
def test_a_web_page_disguised_as_pdf_is_refused_and_nothing_is_stored(
    asec, meeting, media_root, name, content
):
    response = _post(asec, meeting, name, content)

    assert response.status_code == 200
    assert "The file&#x27;s content is not a valid PDF file." in response.content.decode()
    assert "Chair&#x27;s statement" in response.content.decode()  # what was typed is kept
    assert not Document.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("name", ["x.html", "x.svg", "x.exe"])
def test_types_outside_the_allow_list_are_refused(asec, meeting, name):
    response = _post(asec, meeting, name, sample_files.pdf_bytes())
    assert "Files of this type are not accepted." in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversize_file_is_refused(asec, meeting, settings):
    settings.UPLOAD_MAX_BYTES = 4096
    response = _post(asec, meeting, "big.pdf", sample_files.pdf_bytes() + b"%" * 5000)
    assert "The file is too large" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_needs_a_file(asec, meeting):
    data = {"title": "Chair's statement", "kind": "statement", "date": "2020-07-17"}
    response = asec.post(reverse("meetings:document_create", args=[meeting.pk]), data)
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_second_document_with_the_same_title_and_date_is_refused(asec, meeting):
    _post(asec, meeting, "a.pdf", sample_files.pdf_bytes())
    response = _post(asec, meeting, "b.pdf", sample_files.pdf_bytes())
    assert response.status_code == 200
    assert Document.objects.count() == 1


# --- Downloads ----------------------------------------------------------------------------------


@pytest.fixture
def stored_document(asec, meeting):
    _post(asec, meeting, "statement.pdf", sample_files.pdf_bytes(), title="Chair's statement")
    return Document.objects.get()


def test_anyone_downloads_a_document_as_an_attachment_that_is_never_sniffed(
    client, stored_document
):
    response = client.get(f"/documents/{stored_document.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chairs-statement.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == sample_files.pdf_bytes()


def test_the_meeting_page_links_to_the_download_view_not_to_media(client, stored_document):
    page = client.get(stored_document.meeting.get_absolute_url()).content.decode()
    assert f"/documents/{stored_document.pk}/download/" in page
    assert settings.MEDIA_URL not in page


def test_a_document_without_a_file_has_no_download(client, meeting):
    document = DocumentFactory(meeting=meeting)
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404


def test_a_missing_document_has_no_download(client, db):
    assert client.get("/documents/999/download/").status_code == 404


def test_replacing_the_file_removes_the_old_one(
    asec, stored_document, django_capture_on_commit_callbacks
):
    old = Path(stored_document.file.path)
    url = reverse("meetings:document_edit", args=[stored_document.meeting_id, stored_document.pk])
    data = {"title": "Chair's statement", "kind": "statement", "date": "2020-07-17"}
    data["file"] = SimpleUploadedFile("new.docx", sample_files.docx_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        asec.post(url, data)
    stored_document.refresh_from_db()
    assert stored_document.file.name.endswith(".docx")
    assert Path(stored_document.file.path).exists()
    assert not old.exists()


def test_editing_details_keeps_the_file(asec, stored_document):
    url = reverse("meetings:document_edit", args=[stored_document.meeting_id, stored_document.pk])
    name = stored_document.file.name
    data = {"title": "Statement of the chair", "kind": "statement", "date": "2020-07-17"}
    data["adopted"] = "on"
    asec.post(url, data)
    stored_document.refresh_from_db()
    assert (stored_document.title, stored_document.adopted) == ("Statement of the chair", True)
    assert stored_document.file.name == name


def test_a_disguised_replacement_is_refused_and_the_old_file_kept(asec, stored_document):
    url = reverse("meetings:document_edit", args=[stored_document.meeting_id, stored_document.pk])
    data = {"title": "Chair's statement", "kind": "statement", "date": "2020-07-17"}
    data["file"] = SimpleUploadedFile("x.pdf", sample_files.SVG_IMAGE)
    response = asec.post(url, data)
    assert response.status_code == 200
    stored_document.refresh_from_db()
    assert Path(stored_document.file.path).read_bytes() == sample_files.pdf_bytes()


def test_removing_a_document_removes_its_file(
    asec, stored_document, django_capture_on_commit_callbacks
):
    path = Path(stored_document.file.path)
    url = reverse("meetings:document_delete", args=[stored_document.meeting_id, stored_document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        asec.post(url)
    assert not Document.objects.exists()
    assert not path.exists()
