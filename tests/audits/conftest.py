"""Helpers for the audits tests that tests/factories.py does not have (kept here, not there)."""

import datetime

from django.utils import timezone

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
