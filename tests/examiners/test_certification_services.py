"""Recommendation, results, renewal, expiry and officer actions on certifications (domain.md §3.3)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_fsm_log.models import StateLog

from examiners import services
from examiners.models import Certification, Person
from registry import services as services_registry
from registry.identifiers import resident_id
from tests import factories

CHONGQING = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=CHONGQING)


def admin_of(body):
    return body.applications.order_by("pk").first().applicant


def recommend(body, user=None, **overrides):
    data = {
        "user": user or admin_of(body),
        "body": body,
        "name": "张考评",
        "id_number": resident_id(901, born="19850512"),
        "role": "examiner",
        "track": "offline",
        "grade": "examiner",
        "occupations": [factories.occupation()],
    }
    data.update(overrides)
    return services.recommend(**data)


# --- recommend ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_of_an_active_body_recommends():
    body = factories.filed_body()
    cert = recommend(body)
    assert (cert.status, cert.recommending_body, cert.recommended_by) == ("applied", body, admin_of(body))
    assert list(cert.occupations.all()) == [factories.occupation()]
    assert cert.person.employer_body == body
    assert cert.person.masked_id == cert.person.id_number[:4] + "*" * 10 + cert.person.id_number[-4:]


@pytest.mark.django_db
def test_a_body_under_first_review_recommends_for_less_than_a_year():
    with time_machine.travel(at(2024, 1, 10), tick=False):
        application = factories.advance(factories.draft_application(), "submitted")
    body = application.body
    assert body.status == "pending"

    with time_machine.travel(at(2025, 1, 9), tick=False):
        assert recommend(body).status == "applied"

    with time_machine.travel(at(2025, 1, 10), tick=False), pytest.raises(ValidationError):
        recommend(body, id_number=resident_id(902, born="19850512"))
    assert Certification.objects.filter(recommending_body=body).count() == 1


@pytest.mark.django_db
def test_resubmitting_a_returned_application_does_not_restart_the_year():
    officer = factories.district_officer()
    with time_machine.travel(at(2024, 1, 10), tick=False):
        application = factories.advance(factories.draft_application(), "district_review", officer=officer)
        services_registry.decide_application(
            application=application, user=officer, action="return_for_correction", reason="补充材料"
        )
    with time_machine.travel(at(2024, 6, 1), tick=False):
        services_registry.decide_application(
            application=application, user=application.applicant, action="submit"
        )
    with time_machine.travel(at(2025, 1, 10), tick=False):
        assert not services.can_recommend(application.body)


@pytest.mark.django_db
def test_a_body_with_only_a_draft_may_not_recommend():
    body = factories.draft_application().body
    with pytest.raises(ValidationError):
        recommend(body)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_another_bodys_admin_may_not_recommend():
    body = factories.filed_body()
    stranger = admin_of(factories.filed_body())
    with pytest.raises(PermissionDenied):
        recommend(body, user=stranger)
    assert not Certification.objects.exists()


@pytest.mark.django_db
def test_an_invalid_resident_id_is_refused():
    body = factories.filed_body()
    valid = resident_id(903, born="19850512")
    wrong_check_digit = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    for number in (wrong_check_digit, "50010319851301123X", "123"):
        with pytest.raises(ValidationError) as error:
            recommend(body, id_number=number)
        assert "id_number" in error.value.message_dict
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_an_area_code_given_after_the_birth_is_accepted_one_retired_before_it_is_not():
    body = factories.filed_body()
    yubei = resident_id(904, born="19850512", area="500112")  # 渝北区 since 1997: given at 16
    person = recommend(body, id_number=yubei).person
    assert person.id_number == yubei
    sichuan_era = resident_id(905, born="20010512", area="510202")  # retired in 1997
    with pytest.raises(ValidationError) as error:
        recommend(body, id_number=sichuan_era, role="supervisor", grade="")
    assert "id_number" in error.value.message_dict


@pytest.mark.django_db
def test_the_same_person_and_role_twice_is_refused():
    body = factories.filed_body()
    first = recommend(body)
    with pytest.raises(ValidationError):
        recommend(body)
    assert Certification.objects.count() == 1
    # The same person may also be put forward as a quality supervisor.
    supervisor = recommend(body, role="supervisor", occupations=None)
    assert supervisor.person == first.person
    assert supervisor.grade == ""


@pytest.mark.django_db
def test_an_examiner_needs_at_least_one_occupation():
    body = factories.filed_body()
    with pytest.raises(ValidationError) as error:
        recommend(body, occupations=[])
    assert "occupations" in error.value.message_dict
    assert not Person.objects.exists()
    assert not Certification.objects.exists()


# --- results and certification ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pass_certifies_with_a_number_and_three_years_validity():
    centre = factories.centre_officer()
    cert = factories.certification(status="training", grade="examiner")
    services.record_result(
        certification=cert,
        user=centre,
        training_hours=40,
        exam_score=85,
        exam_date=datetime.date(2025, 5, 20),
    )
    cert.refresh_from_db()
    assert cert.status == "certified"
    assert re.fullmatch(r"KP502025\d{5}", cert.certificate_no)
    assert (cert.valid_from, cert.valid_to) == (datetime.date(2025, 5, 20), datetime.date(2028, 5, 19))
    assert cert.valid_on(datetime.date(2028, 5, 19)) and not cert.valid_on(datetime.date(2028, 5, 20))
    assert [log.transition for log in StateLog.objects.for_(cert).order_by("pk")] == [
        "record_exam",
        "certify",
    ]

    second = factories.certification(status="training", grade="examiner")
    services.record_result(
        certification=second,
        user=centre,
        training_hours=40,
        exam_score=60,
        exam_date=datetime.date(2025, 6, 1),
    )
    second.refresh_from_db()
    assert int(second.certificate_no[-5:]) == int(cert.certificate_no[-5:]) + 1


@pytest.mark.django_db
def test_a_fail_leaves_the_certification_examined_without_a_number():
    cert = factories.certification(status="training")
    services.record_result(
        certification=cert,
        user=factories.centre_officer(),
        training_hours=40,
        exam_score=59.5,
        exam_date=datetime.date(2025, 5, 20),
    )
    cert.refresh_from_db()
    assert (cert.status, cert.certificate_no, cert.valid_from, cert.valid_to) == (
        "examined",
        None,
        None,
        None,
    )
    with pytest.raises(ValidationError):
        services.certify(certification=cert, user=factories.centre_officer())


@pytest.mark.django_db
def test_only_the_centre_records_results():
    cert = factories.certification(status="training")
    with pytest.raises(PermissionDenied):
        services.record_result(
            certification=cert, user=factories.body_admin(), training_hours=1, exam_score=90
        )
    cert.refresh_from_db()
    assert cert.status == "training"


@pytest.mark.django_db
def test_renewal_from_expired_starts_a_new_window():
    cert = factories.certification(
        status="expired", valid_from=datetime.date(2021, 3, 1), valid_to=datetime.date(2024, 2, 29)
    )
    with time_machine.travel(at(2024, 4, 2), tick=False):
        services.renew(certification=cert, user=factories.centre_officer())
    cert.refresh_from_db()
    assert cert.status == "certified"
    assert (cert.valid_from, cert.valid_to) == (datetime.date(2024, 4, 2), datetime.date(2027, 4, 1))
    assert StateLog.objects.for_(cert).latest("timestamp").transition == "renew"


@pytest.mark.django_db
def test_renewal_is_refused_while_blacklisted(monkeypatch):
    cert = factories.certification(
        status="expired", valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    monkeypatch.setattr(services, "is_blacklisted", lambda person_id: person_id == cert.person_id)
    with pytest.raises(ValidationError):
        services.renew(certification=cert, user=factories.centre_officer())
    cert.refresh_from_db()
    assert cert.status == "expired"


@pytest.mark.django_db
def test_expire_certifications_is_idempotent_and_lists_what_it_changed(capsys):
    today = timezone.localdate()
    lapsed = factories.certification(valid_to=today - datetime.timedelta(days=1))
    last_day = factories.certification(valid_to=today)
    suspended = factories.certification(status="suspended", valid_to=today - datetime.timedelta(days=1))

    call_command("expire_certifications")
    out = capsys.readouterr().out
    assert lapsed.certificate_no in out
    assert last_day.certificate_no not in out
    assert "1 certifications expired." in out
    statuses = dict(Certification.objects.values_list("pk", "status"))
    assert statuses == {lapsed.pk: "expired", last_day.pk: "certified", suspended.pk: "suspended"}
    assert StateLog.objects.for_(lapsed).get().transition == "expire"

    call_command("expire_certifications")
    out = capsys.readouterr().out
    assert "0 certifications expired." in out
    assert lapsed.certificate_no not in out
    assert dict(Certification.objects.values_list("pk", "status")) == statuses
    assert StateLog.objects.for_(lapsed).count() == 1


# --- officer actions ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["suspend", "disqualify"])
def test_sanctions_need_a_reason(action):
    cert = factories.certification()
    with pytest.raises(ValidationError) as error:
        services.act_on_certification(
            certification=cert, user=factories.centre_officer(), action=action, reason=" "
        )
    assert "reason" in error.value.message_dict
    cert.refresh_from_db()
    assert cert.status == "certified"
    assert not StateLog.objects.for_(cert).exists()

    services.act_on_certification(
        certification=cert, user=factories.centre_officer(), action=action, reason="违规"
    )
    cert.refresh_from_db()
    assert cert.status == {"suspend": "suspended", "disqualify": "disqualified"}[action]


@pytest.mark.django_db
def test_only_centre_officers_accept():
    cert = factories.certification(status="applied")
    with pytest.raises(PermissionDenied):
        services.act_on_certification(certification=cert, user=factories.body_admin(), action="accept")
    cert.refresh_from_db()
    assert cert.status == "applied"

    services.act_on_certification(certification=cert, user=factories.centre_officer(), action="accept")
    cert.refresh_from_db()
    assert cert.status == "training"


@pytest.mark.django_db
def test_services_offer_only_the_officer_actions():
    cert = factories.certification(status="expired")
    with pytest.raises(ValidationError):
        services.act_on_certification(certification=cert, user=factories.centre_officer(), action="renew")
    cert.refresh_from_db()
    assert cert.status == "expired"


@pytest.mark.django_db
def test_declared_tie_recuses_from_that_bodys_draws(client):
    from examiners.draw import build_pools

    session = factories.session()
    cert = factories.certification()
    centre = factories.centre_officer()
    assert cert.pk in build_pools(session)["examiner"].eligible
    client.force_login(centre)
    client.post(
        f"/examiners/people/{cert.person_id}/relations/",
        {"body": session.body_id, "kind": "relative", "note": "配偶在该机构工作"},
    )
    assert build_pools(session)["examiner"].excluded[cert.pk] == "recused_relation"
    with pytest.raises(PermissionDenied):
        services.declare_relation(
            person=cert.person, body=session.body, kind="other", user=factories.body_admin()
        )
