"""Finding severities rank plainly in Chinese and show the integrity points they cost (from settings)."""

import pytest
from django.urls import reverse

from audits.forms import FindingForm
from audits.models import Severity
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_form_offers_the_severities_mildest_first_with_their_points():
    labels = [str(label) for _value, label in FindingForm(items=[]).fields["severity"].choices]
    assert labels == ["观察项（不扣分）", "轻微（−5 分）", "较重（−20 分）", "严重（−50 分）"]


def test_the_points_follow_the_settings(settings):
    settings.INTEGRITY_POINTS = {**settings.INTEGRITY_POINTS, "general": -15}
    assert Severity.label_with_points("major") == "较重（−15 分）"
    settings.FINDING_INTEGRITY_KIND = {**settings.FINDING_INTEGRITY_KIND, "minor": None}
    assert Severity.label_with_points("minor") == "轻微（不扣分）"


def test_the_inspection_page_lists_findings_with_their_points(client):
    inspection = factories.inspection_in("submitted", findings=("major", "observation"))
    client.force_login(factories.centre_officer())
    page = client.get(reverse("audits:inspection_detail", args=[inspection.pk])).content.decode()
    assert "较重（−20 分）" in page and "观察项（不扣分）" in page
