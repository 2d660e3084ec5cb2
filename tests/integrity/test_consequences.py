"""What a record does to its subject (domain.md §3.4), through the other apps' own state machines:
below 60 a body is put into rectification and a person suspended, and lifted again on recovery; an
active serious entry blacklists (no draw, no recommending, no renewal, no filing)."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.translation import gettext
from django_fsm_log.models import StateLog

from examiners import services as examiner_services
from examiners.draw import build_pools
from examiners.models import Certification
from integrity import services
from integrity.chain import verify
from integrity.models import Entry
from registry import services as registry_services
from registry.models import AssessmentBody
from tests import factories

CHONGQING = ZoneInfo("Asia/Shanghai")
T = datetime.date(2024, 3, 1)


def on(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 10, tzinfo=CHONGQING), tick=False
    )


def later(**delta) -> datetime.date:
    return T + relativedelta(**delta)


@pytest.fixture
def centre(db):
    return factories.centre_officer()


def record(subject_type: str, subject_id: int, kind: str, *, by=None, code: str = "", day=T) -> Entry:
    with on(day):
        return services.record_and_apply(
            subject_type=subject_type,
            subject_id=subject_id,
            subject_name=f"{subject_type}{subject_id}",
            subject_code=code,
            kind=kind,
            basis="inspection",
            description="督导检查发现问题",
            occurred_on=day,
            recorded_by=by,
        )


def on_body(body: AssessmentBody, kind: str, n: int = 1, *, by=None) -> list[Entry]:
    return [record("body", body.pk, kind, by=by, code=body.credit_code) for _ in range(n)]


def overturn(entry: Entry, centre, day=T + datetime.timedelta(days=2)) -> None:
    with on(day):
        objection = services.file_objection(entry=entry, user=factories.body_admin(), grounds="记录有误")
        services.decide_objection(objection=objection, user=centre, outcome="overturn", reason="证据不足")


def repair(entry: Entry, centre, day: datetime.date) -> None:
    with on(day):
        application = services.apply_for_repair(entry=entry, user=factories.body_admin(), pledge="承诺诚信")
        services.decide_repair(repair=application, user=centre, outcome="grant")


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def last_log(obj) -> StateLog:
    # Time is frozen in these tests, so several logs share a timestamp: the id breaks the tie.
    return StateLog.objects.for_(obj).order_by("timestamp", "pk").last()


def last_transition(obj) -> str:
    return last_log(obj).transition


@pytest.fixture
def body(db):
    with on(T):
        return factories.filed_body()


# --- bodies: rectification ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_body_at_exactly_60_stays_active(body, centre):
    on_body(body, "general", 2, by=centre)
    assert services.score("body", body.pk, day=T) == 60
    assert refreshed(body).status == "active"


@pytest.mark.django_db
def test_a_body_below_60_is_put_into_rectification(body, centre):
    on_body(body, "general", 3, by=centre)
    body = refreshed(body)
    assert (body.status, body.rectifying_for_integrity) == ("rectifying", True)
    log = last_log(body)
    assert (log.transition, log.by) == ("order_rectification", centre)
    assert body.rectification_deadline > T


@pytest.mark.django_db
def test_a_body_returns_to_active_when_an_entry_is_overturned(body, centre):
    entries = on_body(body, "general", 3, by=centre)
    overturn(entries[0], centre)
    body = refreshed(body)
    assert (body.status, body.rectifying_for_integrity) == ("active", False)
    assert last_transition(body) == "accept_rectification"


@pytest.mark.django_db
def test_a_body_returns_to_active_when_an_entry_is_repaired(body, centre):
    entries = on_body(body, "general", 3, by=centre)
    repair(entries[0], centre, entries[0].repairable_from)
    body = refreshed(body)
    assert (body.status, body.rectifying_for_integrity) == ("active", False)
    assert last_transition(body) == "accept_rectification"


@pytest.mark.django_db
def test_a_body_returns_to_active_when_the_entries_expire(body, centre):
    entries = on_body(body, "general", 3, by=centre)
    with on(entries[0].published_until + datetime.timedelta(days=1)):
        call_command("expire_integrity", stdout=StringIO())
    body = refreshed(body)
    assert (body.status, body.rectifying_for_integrity) == ("active", False)


@pytest.mark.django_db
def test_a_body_rectifying_for_another_reason_stays_rectifying_when_its_score_recovers(body, centre):
    with on(T):
        registry_services.act_on_body(body=body, user=centre, action="order_rectification", reason="档案缺失")
    entries = on_body(body, "general", 3, by=centre)
    assert refreshed(body).rectifying_for_integrity is False
    overturn(entries[0], centre)
    body = refreshed(body)
    assert (body.status, body.rectifying_for_integrity) == ("rectifying", False)
    assert last_transition(body) == "order_rectification"


@pytest.mark.django_db
def test_an_officers_rectification_after_a_lifted_integrity_one_survives_recovery(body, centre):
    entries = on_body(body, "general", 3, by=centre)
    with on(T):
        registry_services.act_on_body(body=refreshed(body), user=centre, action="accept_rectification")
        registry_services.act_on_body(
            body=refreshed(body), user=centre, action="order_rectification", reason="档案缺失"
        )
    overturn(entries[0], centre)
    assert refreshed(body).status == "rectifying"


# --- people: suspension ---------------------------------------------------------------------------


@pytest.fixture
def examiner(db):
    with on(T):
        return factories.certification()


@pytest.mark.django_db
def test_a_certified_examiner_below_60_is_suspended(examiner, centre):
    for _ in range(3):
        record("examiner", examiner.person_id, "general", by=centre)
    examiner = refreshed(examiner)
    assert (examiner.status, examiner.suspended_for_integrity) == ("suspended", True)
    assert last_transition(examiner) == "suspend"


@pytest.mark.django_db
def test_an_examiner_suspended_for_the_record_is_reinstated_on_recovery(examiner, centre):
    entries = [record("examiner", examiner.person_id, "general", by=centre) for _ in range(3)]
    overturn(entries[0], centre)
    examiner = refreshed(examiner)
    assert (examiner.status, examiner.suspended_for_integrity) == ("certified", False)
    assert last_transition(examiner) == "reinstate"


@pytest.mark.django_db
def test_a_supervisor_is_suspended_by_its_own_record_only(centre):
    with on(T):
        supervisor = factories.certification(role="supervisor")
        examiner = factories.certification(who=supervisor.person)
    for _ in range(3):
        record("supervisor", supervisor.person_id, "general", by=centre)
    assert refreshed(supervisor).status == "suspended"
    assert refreshed(examiner).status == "certified"


@pytest.mark.django_db
def test_an_examiner_suspended_by_an_officer_stays_suspended_when_the_score_recovers(examiner, centre):
    with on(T):
        examiner_services.act_on_certification(
            certification=examiner, user=centre, action="suspend", reason="考场违纪"
        )
    entries = [record("examiner", examiner.person_id, "general", by=centre) for _ in range(3)]
    overturn(entries[0], centre)
    examiner = refreshed(examiner)
    assert (examiner.status, examiner.suspended_for_integrity) == ("suspended", False)
    assert last_transition(examiner) == "suspend"


@pytest.mark.django_db
def test_an_officers_suspension_after_a_lifted_integrity_one_survives_recovery(examiner, centre):
    entries = [record("examiner", examiner.person_id, "general", by=centre) for _ in range(3)]
    with on(T):
        for action, reason in (("reinstate", ""), ("suspend", "考场违纪")):
            examiner_services.act_on_certification(
                certification=refreshed(examiner), user=centre, action=action, reason=reason
            )
    overturn(entries[0], centre)
    assert refreshed(examiner).status == "suspended"


# --- the blacklist: the draw --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_blacklisted_person_is_left_out_of_the_draw_until_the_entry_is_repaired(centre):
    with on(T):
        session = factories.session()
        examiner = factories.certification()
        supervisor = factories.certification(role="supervisor", who=examiner.person)
    pools = build_pools(session)
    assert examiner.pk in pools["examiner"].eligible and supervisor.pk in pools["supervisor"].eligible

    # Recorded as a supervisor: the supervisor certification is suspended (score 50), the examiner
    # one stays certified (scores are per role) and is left out only for the blacklist.
    entry = record("supervisor", examiner.person_id, "serious", by=centre)
    with on(T):
        pools = build_pools(session)
    assert pools["examiner"].excluded[examiner.pk] == "blacklisted"
    assert pools["supervisor"].excluded[supervisor.pk] == "not_certified"

    repair(entry, centre, entry.repairable_from)
    # The draw judges status on the session's day: the first session's day has passed while the
    # supervisor was suspended, so the next one (planned after the repair) is the one to staff.
    with on(entry.repairable_from):
        after = factories.session(body=session.body, date=entry.repairable_from + datetime.timedelta(days=14))
        pools = build_pools(after)
        assert build_pools(session)["supervisor"].excluded[supervisor.pk] == "not_certified"
    assert examiner.pk in pools["examiner"].eligible
    assert supervisor.pk in pools["supervisor"].eligible
    assert refreshed(supervisor).status == "certified"


# --- the blacklist: recommending and renewing ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("as_role", ["examiner", "supervisor"])
def test_a_blacklisted_person_cannot_be_recommended(body, centre, as_role):
    with on(T):
        person = factories.person()
    record(as_role, person.pk, "serious", by=centre)
    with on(T), pytest.raises(ValidationError) as refused:
        examiner_services.recommend(
            user=body.applications.order_by("pk").first().applicant,
            body=body,
            name=person.name,
            id_number=person.id_number,
            role="examiner",
            track="offline",
            grade="examiner",
            occupations=[factories.occupation()],
        )
    assert refused.value.messages == [
        gettext("This person is on the integrity blacklist and cannot be recommended.")
    ]
    assert not Certification.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_renewal_is_refused_while_blacklisted(centre):
    with on(T):
        expired = factories.certification(
            status="expired", valid_from=later(years=-3), valid_to=T - datetime.timedelta(days=1)
        )
    record("examiner", expired.person_id, "serious", by=centre)
    with on(T), pytest.raises(ValidationError):
        examiner_services.renew(certification=expired, user=centre)
    expired = refreshed(expired)
    assert (expired.status, expired.valid_to) == ("expired", T - datetime.timedelta(days=1))


@pytest.mark.django_db
def test_renewal_is_allowed_once_the_serious_entry_is_repaired(centre):
    with on(T):
        expired = factories.certification(
            status="expired", valid_from=later(years=-3), valid_to=T - datetime.timedelta(days=1)
        )
    entry = record("examiner", expired.person_id, "serious", by=centre)
    repair(entry, centre, entry.repairable_from)
    with on(entry.repairable_from):
        examiner_services.renew(certification=expired, user=centre)
    assert refreshed(expired).status == "certified"


# --- the blacklist: bodies ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_blacklisted_body_cannot_recommend(body, centre):
    with on(T):
        assert examiner_services.can_recommend(body)
    on_body(body, "serious", by=centre)
    body = refreshed(body)
    assert body.status == "rectifying"  # a rectifying body may recommend: only the blacklist stops it
    with on(T):
        assert not examiner_services.can_recommend(body)


@pytest.mark.django_db
def test_a_blacklisted_body_cannot_open_applications(centre):
    with on(T):
        application = factories.draft_application(with_materials=False)
        registry_services.decide_application(
            application=application, user=application.applicant, action="withdraw"
        )
        body = refreshed(application.body)
        assert registry_services.allowed_kinds(body) == ["initial"]
    on_body(body, "serious", by=centre)
    with on(T):
        assert registry_services.allowed_kinds(refreshed(body)) == []


def register(credit_code: str):
    return registry_services.register_body_and_apply(
        user=factories.body_admin(),
        particulars={
            "name": "重庆重新申请评价机构",
            "credit_code": credit_code,
            "kind": "social",
            "district": factories.district(),
        },
        lines=[registry_services.LineRequest("6-31-01-03", 4)],
    )


@pytest.fixture
def revoked(body, centre, settings):
    """A body revoked on T with a one-year bar on re-filing (its serious entry runs three years)."""
    settings.REFILING_BAR_YEARS = 1
    with on(T):
        registry_services.act_on_body(body=body, user=centre, action="revoke", reason="违规发证")
    return refreshed(body)


@pytest.mark.django_db
def test_an_organisation_with_an_active_serious_entry_cannot_register(revoked):
    with on(later(years=2)), pytest.raises(ValidationError) as refused:
        register(revoked.credit_code)
    assert refused.value.message_dict == {
        "credit_code": [gettext("This organisation is on the integrity blacklist and may not file.")]
    }
    assert AssessmentBody.objects.filter(credit_code=revoked.credit_code).count() == 1


@pytest.mark.django_db
def test_an_organisation_registers_again_once_the_serious_entry_has_expired(revoked):
    entry = Entry.objects.get(subject_type="body", subject_id=revoked.pk)
    with on(entry.published_until + datetime.timedelta(days=1)):
        application = register(revoked.credit_code)
    assert application.body.status == "pending" and application.body.pk != revoked.pk


@pytest.mark.django_db
def test_revoking_a_body_records_a_serious_entry_with_its_credit_code(body, centre):
    with on(T):
        registry_services.act_on_body(body=body, user=centre, action="revoke", reason="违规发证")
    entry = Entry.objects.get(subject_type="body", subject_id=body.pk)
    assert (entry.kind, entry.points, entry.subject_code, entry.subject_name, entry.recorded_by) == (
        "serious",
        -50,
        body.credit_code,
        body.name,
        centre,
    )
    assert (entry.occurred_on, entry.evidence_ref) == (T, f"registry.body:{body.pk}")
    assert "违规发证" in entry.description
    with on(T):
        assert services.is_blacklisted("body", body.pk)
        assert services.is_code_blacklisted("body", body.credit_code)
    assert verify()[1] == []
