"""Materials are checked by content and size; refused uploads store nothing and say why."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from registry.models import Material
from tests import factories

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, application, name, content, category="licence"):
    return client.post(
        f"/registry/filings/{application.pk}/materials/",
        {"category": category, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


@pytest.fixture
def draft(client):
    application = factories.draft_application(with_materials=False)
    client.force_login(application.applicant)
    return application


@pytest.mark.django_db
def test_renamed_executable_is_refused(client, draft):
    response = upload(client, draft, "licence.pdf", ELF)
    assert not Material.objects.exists()
    assert "PDF" in response.content.decode() and ("JPEG" in response.content.decode())


@pytest.mark.django_db
def test_oversize_file_is_refused(client, draft, settings):
    settings.MATERIAL_MAX_BYTES = 1024
    response = upload(client, draft, "big.pdf", b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n")
    assert not Material.objects.exists()
    assert "1.0" in response.content.decode()  # "the limit is 1.0 KB"


@pytest.mark.django_db
def test_empty_file_is_refused(client, draft):
    response = upload(client, draft, "empty.pdf", b"")
    assert not Material.objects.exists()
    text = response.content.decode()
    assert "empty" in text or "空" in text


@pytest.mark.django_db
def test_fake_png_header_is_refused(client, draft):
    upload(client, draft, "photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    assert not Material.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("scan.png", png_bytes(), "image/png"),
        ("licence.bin", factories.pdf_upload().read(), "application/pdf"),
    ],
)
def test_real_documents_are_stored_whatever_their_name(client, draft, name, content, content_type):
    upload(client, draft, name, content)
    material = Material.objects.get()
    assert material.content_type == content_type
    assert material.size == len(content)
    assert material.file.read() == content


@pytest.mark.django_db
def test_another_body_admin_cannot_upload_or_download(client, draft):
    upload(client, draft, "licence.pdf", factories.pdf_upload().read())
    material = Material.objects.get()
    client.force_login(factories.body_admin())
    assert client.get(f"/registry/materials/{material.pk}/").status_code == 404
    assert upload(client, draft, "x.pdf", factories.pdf_upload().read()).status_code == 404
    assert Material.objects.count() == 1
