"""Small helpers the tests of several apps share (factories.py builds objects; these inspect them)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django_fsm_log.models import StateLog


def admin_of(body):
    """The body administrator who filed the body (the factories' filing path makes one)."""
    return body.applications.order_by("pk").first().applicant


def text_as_png(name: str = "photo.png") -> SimpleUploadedFile:
    """A text file renamed to .png and claiming to be an image: only its bytes give it away."""
    return SimpleUploadedFile(name, "这不是照片，只是文字。".encode() * 20, content_type="image/png")


def snapshot(obj) -> tuple[dict, int]:
    """The stored row of `obj` and how many StateLog rows it has: to prove a refusal saved nothing."""
    row = model_to_dict(type(obj).objects.get(pk=obj.pk))
    return row, StateLog.objects.for_(obj).count()


def last_log(obj) -> StateLog:
    return StateLog.objects.for_(obj).latest("timestamp", "pk")
