"""Who may do what, reasons, submission checks, duplicates and the re-filing bar."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from integrity import services as integrity
from registry import services
from registry.identifiers import credit_code
from registry.models import AssessmentBody, BodyStatus, FilingApplication
from registry.services import LineRequest
from tests import factories


@pytest.mark.django_db
def test_submit_needs_required_materials_and_a_scope_line():
    application = factories.draft_application(with_materials=False)
    with pytest.raises(ValidationError) as error:
        services.decide_application(application=application, user=application.applicant, action="submit")
    assert any("营业执照" in m or "licence" in m.lower() for m in error.value.messages)
    application.refresh_from_db()
    assert application.status == "draft"


@pytest.mark.django_db
def test_district_officer_of_another_district_may_not_review():
    application = factories.draft_application(district_code=factories.YUZHONG)
    factories.advance(application, "submitted")
    stranger = factories.district_officer(factories.JIULONGPO)
    with pytest.raises(PermissionDenied):
        services.decide_application(application=application, user=stranger, action="start_district_review")
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
def test_body_admin_may_not_review_and_centre_may_not_submit():
    application = factories.draft_application()
    with pytest.raises(PermissionDenied):
        services.decide_application(application=application, user=factories.centre_officer(), action="submit")
    factories.advance(application, "submitted")
    with pytest.raises(PermissionDenied):
        services.decide_application(
            application=application, user=application.applicant, action="start_district_review"
        )


@pytest.mark.django_db
def test_district_reviewer_cannot_also_take_the_centre_decision():
    application = factories.draft_application()
    both = factories.district_officer()
    both.groups.add(Group.objects.get(name=Role.CENTRE_OFFICER))
    both = User.objects.get(pk=both.pk)
    factories.advance(application, "centre_review", officer=both)
    with pytest.raises(PermissionDenied):
        services.decide_application(application=application, user=both, action="approve")
    services.decide_application(application=application, user=factories.centre_officer(), action="approve")
    assert application.status == "public_notice"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["return_for_correction", "reject"])
def test_reason_required(action):
    application = factories.draft_application()
    centre = factories.centre_officer()
    factories.advance(application, "centre_review", centre=centre)
    with pytest.raises(ValidationError):
        services.decide_application(application=application, user=centre, action=action, reason="   ")
    application.refresh_from_db()
    assert application.status == "centre_review"
    services.decide_application(application=application, user=centre, action=action, reason="材料不全")
    application.refresh_from_db()
    assert application.status in ("returned", "rejected")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["suspend", "revoke", "order_rectification"])
def test_body_sanctions_need_a_reason(action):
    body = factories.filed_body()
    with pytest.raises(ValidationError):
        services.act_on_body(body=body, user=factories.centre_officer(), action=action, reason="")
    body.refresh_from_db()
    assert body.status == BodyStatus.ACTIVE


@pytest.mark.django_db
def test_returned_application_can_be_corrected_and_resubmitted():
    application = factories.draft_application()
    officer = factories.district_officer()
    factories.advance(application, "district_review", officer=officer)
    services.decide_application(
        application=application, user=officer, action="return_for_correction", reason="补充材料"
    )
    services.set_scope_lines(
        application=application, user=application.applicant, lines=[LineRequest("6-18-01-01", 3)]
    )
    services.decide_application(application=application, user=application.applicant, action="submit")
    assert application.status == "submitted"


@pytest.mark.django_db
def test_invalid_credit_code_refused():
    with pytest.raises(ValidationError) as error:
        services.normalise_credit_code("91500103MA0000001X")
    assert "credit_code" in error.value.message_dict


@pytest.mark.django_db
def test_duplicate_body_refused():
    first = factories.draft_application()
    with pytest.raises(ValidationError) as error:
        services.register_body_and_apply(
            user=factories.body_admin(),
            particulars={
                "name": "另一个名字",
                "credit_code": first.body.credit_code,
                "kind": "social",
                "district": factories.district(),
            },
            lines=[LineRequest("6-31-01-03", 4)],
        )
    assert "credit_code" in error.value.message_dict
    assert AssessmentBody.objects.filter(credit_code=first.body.credit_code).count() == 1


@pytest.mark.django_db
def test_revoked_body_is_barred_from_filing_again():
    body = factories.filed_body()
    services.act_on_body(body=body, user=factories.centre_officer(), action="revoke", reason="违规发证")
    body.refresh_from_db()
    assert body.refiling_barred_until == services.add_years(timezone.localdate(), 3)
    attempt = dict(name=body.name, credit_code=body.credit_code, kind=body.kind, district=body.district)
    with pytest.raises(ValidationError) as error:
        services.register_body_and_apply(
            user=factories.body_admin(), particulars=attempt, lines=[LineRequest("6-31-01-03", 4)]
        )
    assert "credit_code" in error.value.message_dict
    # The revocation also recorded a serious integrity entry: the organisation is blacklisted.
    assert integrity.is_code_blacklisted("body", body.credit_code)
    # After the bar (and the entry's window), a new filing makes a new body with the same credit code.
    with time_machine.travel(
        services.add_years(timezone.localdate(), 3) + datetime.timedelta(days=1), tick=False
    ):
        again = services.register_body_and_apply(
            user=factories.body_admin(), particulars=attempt, lines=[LineRequest("6-31-01-03", 4)]
        )
    assert again.body.pk != body.pk


@pytest.mark.django_db
def test_pilot_levels_only_for_pilot_employers():
    with pytest.raises(ValidationError):
        factories.draft_application(kind="social", lines=[LineRequest("6-31-01-03", 0)])
    assert not FilingApplication.objects.exists()


@pytest.mark.django_db
def test_unknown_occupation_code_refused_with_line_number():
    with pytest.raises(ValidationError) as error:
        factories.draft_application(lines=[LineRequest("6-31-01-03", 4), LineRequest("9-99-99-99", 4)])
    assert any("2" in m and "9-99-99-99" in m for m in error.value.messages)


@pytest.mark.django_db
def test_one_open_application_per_body():
    body = factories.filed_body()
    admin = body.applications.get().applicant
    services.open_application(
        user=admin, body=body, kind="change", lines=[LineRequest("6-18-01-01", 5, "add")]
    )
    with pytest.raises(ValidationError):
        services.open_application(user=admin, body=body, kind="exit", statement="x")


@pytest.mark.django_db
def test_expire_command_is_idempotent(capsys):
    from django.core.management import call_command

    body = factories.filed_body()
    AssessmentBody.objects.filter(pk=body.pk).update(
        valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    call_command("expire_bodies")
    first = capsys.readouterr().out
    call_command("expire_bodies")
    second = capsys.readouterr().out
    body.refresh_from_db()
    assert body.status == BodyStatus.EXPIRED
    assert body.filing_no in first and "1 bodies expired" in first
    assert "0 bodies expired" in second


@pytest.mark.django_db
def test_credit_code_helper_makes_valid_codes():
    assert services.normalise_credit_code(credit_code(42)) == credit_code(42)
