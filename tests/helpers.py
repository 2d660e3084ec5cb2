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


def transitions_of(model, field: str = "status") -> set[str]:
    """The names of the transitions `model` declares on `field`: what a matrix test must cover."""
    return {t.name for t in model._meta.get_field(field).get_all_transitions(model)}


def edges_of(model, field: str = "status") -> dict[tuple[str, str], str]:
    """(source, transition) → target, as `model` declares them on `field`."""
    return {(t.source, t.name): t.target for t in model._meta.get_field(field).get_all_transitions(model)}
