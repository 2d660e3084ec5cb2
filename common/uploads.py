"""Uploaded documents are judged by their bytes, never by their name or the browser's claim."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def _image_kind(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def check_document(upload: UploadedFile, *, max_bytes: int | None = None) -> CheckedFile:
    """Accept a PDF, JPEG or PNG within the size cap; raise ValidationError with a clear message."""
    limit = max_bytes if max_bytes is not None else settings.MATERIAL_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(_("The PDF is incomplete or damaged."), code="damaged")
        return CheckedFile("application/pdf", "pdf", size, digest)
    if data.startswith(b"\xff\xd8\xff") and _image_kind(data) == "JPEG":
        return CheckedFile("image/jpeg", "jpg", size, digest)
    if data.startswith(b"\x89PNG\r\n\x1a\n") and _image_kind(data) == "PNG":
        return CheckedFile("image/png", "png", size, digest)
    raise ValidationError(
        _("Only PDF, JPEG or PNG files are accepted; this file's content is none of these."), code="type"
    )
