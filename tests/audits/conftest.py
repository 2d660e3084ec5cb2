"""Helpers for the audits tests that tests/factories.py does not have (kept here, not there)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import timezone
from django_fsm_log.models import StateLog

from tests import factories

# Scores for the six evaluation areas; with the default weights their weighted total is 82.0.
SCORES = {
    "organisation": 80,
    "systems": 90,
    "technical_support": 70,
    "basic_conditions": 100,
    "staff": 60,
    "quality_management": 85,
}


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


def evaluation_for(body=None, *, officer=None, year: int | None = None):
    """A scheduled evaluation of one filed body, made by the centre's scheduling service."""
    from audits.services.evaluations import schedule_evaluations
    from registry.models import AssessmentBody

    body = body or factories.filed_body()
    (evaluation,) = schedule_evaluations(
        user=officer or factories.centre_officer(),
        year=year or timezone.localdate().year,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        bodies=AssessmentBody.objects.filter(pk=body.pk),
    )
    return evaluation
