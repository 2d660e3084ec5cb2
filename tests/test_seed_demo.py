"""The demo data covers every state, is deterministic, and has the accounts the README lists."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from registry.demo import PASSWORD
from registry.models import AssessmentBody, BodyStatus, FilingApplication, FilingKind, FilingStatus


@pytest.mark.django_db
def test_seed_demo_builds_every_state(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert AssessmentBody.objects.count() >= 30
    assert set(AssessmentBody.objects.values_list("status", flat=True)) == set(BodyStatus.values)
    assert set(AssessmentBody.objects.values_list("kind", flat=True)) == {"employer", "social", "college"}
    assert AssessmentBody.objects.values("district").distinct().count() >= 5
    assert set(FilingApplication.objects.values_list("status", flat=True)) == set(FilingStatus.values)
    assert set(FilingApplication.objects.values_list("kind", flat=True)) == set(FilingKind.values)
    for username in ("centre1", "district_yuzhong", "org01", "org02", "supervisor1", "bureau", "newcomer"):
        assert authenticate(username=username, password=PASSWORD) is not None, username
    from examiners.models import AssessmentSession, Assignment, Certification, CertificationStatus, Draw

    assert set(Certification.objects.filter(role="examiner").values_list("status", flat=True)) == set(
        CertificationStatus.values
    )
    assert Certification.objects.filter(role="supervisor", status="certified").count() >= 10
    assert AssessmentSession.objects.count() >= 5 and Draw.objects.count() >= 3
    assert Assignment.objects.filter(status="declined").exists()
    from integrity.chain import verify
    from integrity.models import Entry, Objection, Repair

    assert set(Entry.objects.values_list("kind", flat=True)) == {
        "commendation",
        "minor",
        "general",
        "serious",
    }
    assert set(Objection.objects.values_list("status", flat=True)) == {"filed", "upheld", "overturned"}
    assert set(Repair.objects.values_list("status", flat=True)) == {"applied", "granted", "refused"}
    assert AssessmentBody.objects.filter(rectifying_for_integrity=True).exists()
    assert Certification.objects.filter(suspended_for_integrity=True).exists()
    assert verify()[1] == []
    numbers = list(
        AssessmentBody.objects.exclude(filing_no=None).order_by("filing_no").values_list("name", "filing_no")
    )

    call_command("seed_demo", "--once")  # a second run changes nothing
    assert (
        list(
            AssessmentBody.objects.exclude(filing_no=None)
            .order_by("filing_no")
            .values_list("name", "filing_no")
        )
        == numbers
    )
