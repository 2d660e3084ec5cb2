"""Publishing a filing of each kind changes the body as domain.md §3.1–3.2 says."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry import services
from registry.models import BodyStatus, FilingKind, ScopeAction, ScopeLine
from registry.services import LineRequest
from tests import factories


@pytest.mark.django_db
def test_initial_filing_activates_body_with_number_validity_and_scope():
    application = factories.draft_application(kind="employer")
    factories.advance(application, "filed")
    body = application.body
    body.refresh_from_db()
    today = timezone.localdate()

    assert body.status == BodyStatus.ACTIVE
    assert len(body.filing_no) == 13
    assert body.filing_no.startswith("Y000050")
    assert body.filing_no[7:].isdigit()
    assert body.valid_from == today
    assert body.valid_to == services.add_years(today, 3) - datetime.timedelta(days=1)
    lines = list(body.scope_lines.in_force_on(today))
    assert [(ln.occupation.code, ln.level) for ln in lines] == [("6-31-01-03", 4)]


@pytest.mark.django_db
def test_social_and_college_bodies_get_letter_s_and_numbers_never_repeat():
    first = factories.filed_body(kind="social")
    second = factories.filed_body(kind="college")
    assert first.filing_no[0] == second.filing_no[0] == "S"
    assert first.filing_no != second.filing_no


@pytest.mark.django_db
def test_change_filing_ends_old_line_and_adds_new_one_from_effective_date():
    body = factories.filed_body()
    admin = body.applications.get().applicant
    effective = timezone.localdate() + datetime.timedelta(days=10)
    change = services.open_application(
        user=admin,
        body=body,
        kind=FilingKind.CHANGE,
        effective_date=effective,
        lines=[
            LineRequest("6-18-02-04", 3, ScopeAction.ADD),
            LineRequest("6-31-01-03", 4, ScopeAction.REMOVE),
        ],
        particulars={"contact_phone": "023-12345678"},
    )
    factories.advance(change, "filed")
    body.refresh_from_db()

    old = ScopeLine.objects.get(body=body, occupation__code="6-31-01-03")
    new = ScopeLine.objects.get(body=body, occupation__code="6-18-02-04")
    assert old.effective_to == effective - datetime.timedelta(days=1)
    assert old.ended_by_application == change
    assert new.effective_from == effective
    assert old.in_force_on(effective - datetime.timedelta(days=1)) and not old.in_force_on(effective)
    assert new.in_force_on(effective) and not new.in_force_on(effective - datetime.timedelta(days=1))
    assert body.contact_phone == "023-12345678"


@pytest.mark.django_db
def test_renewal_keeps_number_and_extends_validity():
    body = factories.filed_body()
    number, old_end = body.filing_no, body.valid_to
    admin = body.applications.get().applicant
    with time_machine.travel(old_end - datetime.timedelta(days=30), tick=False):
        renewal = services.open_application(user=admin, body=body, kind=FilingKind.RENEWAL)
        assert [ln.action for ln in renewal.scope_lines.all()] == [ScopeAction.KEEP]
        for category in ("licence", "rules"):
            services.add_material(
                application=renewal, user=admin, category=category, upload=factories.pdf_upload()
            )
        factories.advance(renewal, "filed")
    body.refresh_from_db()
    assert body.filing_no == number
    assert body.valid_to == services.add_years(old_end, 3)
    assert body.status == BodyStatus.ACTIVE


@pytest.mark.django_db
def test_renewal_not_offered_long_before_expiry():
    body = factories.filed_body()
    assert FilingKind.RENEWAL not in services.allowed_kinds(body)
    with time_machine.travel(body.valid_to - datetime.timedelta(days=100), tick=False):
        assert FilingKind.RENEWAL in services.allowed_kinds(body)


@pytest.mark.django_db
def test_exit_filing_exits_body_and_ends_scope():
    body = factories.filed_body()
    admin = body.applications.get().applicant
    exit_application = services.open_application(
        user=admin, body=body, kind=FilingKind.EXIT, statement="业务调整"
    )
    factories.advance(exit_application, "filed")
    body.refresh_from_db()
    assert body.status == BodyStatus.EXITED
    assert not body.scope_lines.in_force_on(timezone.localdate() + datetime.timedelta(days=1)).exists()


@pytest.mark.django_db
def test_publish_waits_for_the_end_of_the_public_notice(settings):
    settings.FILING_NOTICE_WORKING_DAYS = 5
    application = factories.draft_application()
    centre = factories.centre_officer()
    factories.advance(application, "centre_review", centre=centre)
    services.decide_application(application=application, user=centre, action="approve")
    with pytest.raises(ValidationError):
        services.decide_application(application=application, user=centre, action="publish")
    application.refresh_from_db()
    assert application.status == "public_notice"
    with time_machine.travel(application.notice_ends, tick=False):
        services.decide_application(application=application, user=centre, action="publish")
    assert application.status == "filed"


@pytest.mark.django_db
def test_objection_during_notice_returns_to_centre_review():
    application = factories.draft_application()
    centre = factories.centre_officer()
    factories.advance(application, "public_notice", centre=centre)
    services.decide_application(
        application=application, user=centre, action="raise_objection", reason="收到实名异议"
    )
    application.refresh_from_db()
    assert application.status == "centre_review"
    assert application.notice_ends is None
