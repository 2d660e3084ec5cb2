"""Audit cases: hits grouped per body and rule, complaints, and what confirming or dismissing does to
certificates and integrity records (domain.md §3.7)."""

import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_fsm_log.models import StateLog

from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result
from certificates.services import cases
from integrity.models import Entry
from tests import factories
from tests.helpers import snapshot


def hit(result, rule: str = "ID_INVALID", *, body=None) -> Hit:
    return Hit.objects.create(
        rule=rule, body=body or result.body, result=result, key=str(result.pk), detail=f"{rule} 命中"
    )


def group_hit(body, rule: str = "PASS_RATE_OUTLIER", key: str = "6-31-01-03|4|2026Q1") -> Hit:
    """A statistical rule's hit: about a body's group of rows, not one result."""
    return Hit.objects.create(rule=rule, body=body, result=None, key=key, detail="通过率远高于同行")


def investigating(case: AuditCase, officer) -> AuditCase:
    return cases.investigate(case=case, user=officer)


@pytest.fixture
def body():
    return factories.filed_body()


@pytest.fixture
def officer():
    return factories.centre_officer()


# --- grouping -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_rules_at_one_body_open_two_cases(body):
    roster = factories.roster(body=body)
    a, b, c = (factories.result(body=body, in_roster=roster) for _ in range(3))
    hit(a, "ID_INVALID")
    hit(b, "ID_INVALID")
    hit(c, "UNDER_AGE")
    group_hit(body)

    opened = cases.assign_open_hits()

    assert len(opened) == 3
    by_rule = {case.rule: case for case in AuditCase.objects.filter(body=body)}
    assert set(by_rule) == {"ID_INVALID", "UNDER_AGE", "PASS_RATE_OUTLIER"}
    assert {h.result_id for h in by_rule["ID_INVALID"].hits.all()} == {a.pk, b.pk}
    assert {h.result_id for h in by_rule["UNDER_AGE"].hits.all()} == {c.pk}
    assert by_rule["PASS_RATE_OUTLIER"].hits.count() == 1
    assert not Hit.objects.filter(case__isnull=True).exists()
    year = timezone.localdate().year
    assert sorted(c.number for c in opened) == [f"AC-{year}-{n:06d}" for n in (1, 2, 3)]
    assert all(c.status == CaseStatus.OPENED and c.opened_by is None for c in opened)


@pytest.mark.django_db
def test_the_same_rule_at_two_bodies_opens_a_case_at_each(body):
    other = factories.filed_body()
    hit(factories.result(body=body))
    hit(factories.result(body=other))

    opened = cases.assign_open_hits()

    assert {(c.body_id, c.rule) for c in opened} == {(body.pk, "ID_INVALID"), (other.pk, "ID_INVALID")}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["opened", "investigating"])
def test_new_hits_join_the_open_case(body, officer, state):
    hit(factories.result(body=body))
    (case,) = cases.assign_open_hits()
    if state == "investigating":
        investigating(case, officer)

    later = hit(factories.result(body=body))
    assert cases.assign_open_hits() == []

    later.refresh_from_db()
    assert later.case_id == case.pk
    assert case.hits.count() == 2
    assert AuditCase.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["confirm_case", "dismiss_case"])
def test_after_a_decision_new_hits_open_a_new_case(body, officer, decision):
    first_hit = hit(factories.result(body=body))
    (first,) = cases.assign_open_hits()
    investigating(first, officer)
    getattr(cases, decision)(case=first, user=officer, reason="已核实")

    later = hit(factories.result(body=body))
    (second,) = cases.assign_open_hits()

    assert second.pk != first.pk and (second.body, second.rule) == (body, "ID_INVALID")
    later.refresh_from_db()
    first_hit.refresh_from_db()
    assert (later.case_id, first_hit.case_id) == (second.pk, first.pk)


@pytest.mark.django_db
def test_nothing_to_assign_opens_nothing():
    assert cases.assign_open_hits() == []
    assert not AuditCase.objects.exists()


@pytest.mark.django_db
def test_grouping_is_set_based(body):
    """The number of queries depends on the bodies and rules concerned, not on the number of hits."""
    roster = factories.roster(body=body)

    def queries_for(n: int) -> int:
        for _ in range(n):
            result = factories.result(body=body, in_roster=roster)
            hit(result, "ID_INVALID")
            hit(result, "UNDER_AGE")
        with CaptureQueriesContext(connection) as ctx:
            cases.assign_open_hits()
        AuditCase.objects.update(status=CaseStatus.DISMISSED)  # the next round opens new cases again
        return len(ctx.captured_queries)

    queries_for(1)  # the first case of the year also creates its number counter
    few, many = queries_for(2), queries_for(40)
    assert few == many, (few, many)
    assert many <= 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_two_audits_finishing_at_once_open_one_case():
    """Each audit's transaction holds a new hit of the same body and rule when both assign at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    body = factories.filed_body()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def audit(index: int) -> None:
        try:
            with transaction.atomic():
                group_hit(body, key=f"group-{index}")
                barrier.wait(timeout=10)
                cases.assign_open_hits()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=audit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    (case,) = AuditCase.objects.filter(body=body, rule="PASS_RATE_OUTLIER")
    assert case.hits.count() == 2


# --- complaints -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_centre_opens_a_case_from_a_complaint(body, officer):
    case = cases.open_complaint(user=officer, body=body, text="  考生反映未参加实操考试即获证书。 ")
    assert (case.body, case.rule, case.complaint, case.opened_by, case.status) == (
        body,
        "",
        "考生反映未参加实操考试即获证书。",
        officer,
        CaseStatus.OPENED,
    )
    assert case.number.startswith(f"AC-{timezone.localdate().year}-")
    # A complaint's case takes no rule hits.
    hit(factories.result(body=body))
    (rule_case,) = cases.assign_open_hits()
    assert rule_case.pk != case.pk and case.hits.count() == 0


@pytest.mark.django_db
def test_a_complaint_needs_text_and_the_centre(body):
    with pytest.raises(ValidationError):
        cases.open_complaint(user=factories.centre_officer(), body=body, text="  ")
    with pytest.raises(PermissionDenied):
        cases.open_complaint(user=factories.district_officer(), body=body, text="投诉内容")
    assert not AuditCase.objects.exists()


# --- confirming -----------------------------------------------------------------------------------


@pytest.fixture
def world(body, officer):
    """A body's case with certificates, a non-passer's row, a group hit, and examiners named on them."""
    alpha = factories.certification(role="examiner")
    beta = factories.certification(role="examiner")
    quiet = factories.certification(role="examiner")  # named only on a certificate outside the case
    supervisor = factories.supervisor()
    roster = factories.roster(body=body)
    named = f"{alpha.certificate_no};{beta.certificate_no}"
    first = factories.result(body=body, in_roster=roster, examiner_nos=named)
    second = factories.result(
        body=body,
        in_roster=roster,
        examiner_nos=f" {alpha.certificate_no} ;T999999999;{supervisor.certificate_no}",
    )
    failed = factories.result(body=body, in_roster=roster, passed=False, examiner_nos=named)
    untouched = factories.result(body=body, in_roster=roster, examiner_nos=quiet.certificate_no)
    for result in (first, second, failed):
        hit(result)
    group_hit(body, rule="ID_INVALID", key="group")
    (case,) = cases.assign_open_hits()
    return {
        "case": investigating(case, officer),
        "officer": officer,
        "certificates": [first, second],
        "failed": failed,
        "untouched": untouched,
        "examiners": [alpha, beta],
        "quiet": quiet,
        "supervisor": supervisor,
    }


@pytest.mark.django_db
def test_confirming_revokes_the_certificates_of_the_hits(world):
    case, officer = world["case"], world["officer"]
    failed_before, untouched_before = snapshot(world["failed"]), snapshot(world["untouched"])

    cases.confirm_case(case=case, user=officer, reason="证书信息不实")

    case.refresh_from_db()
    assert (case.status, case.revoked_count, case.decision) == (CaseStatus.CONFIRMED, 2, "证书信息不实")
    for certificate in world["certificates"]:
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.REVOKED
        assert certificate.revoked_at is not None
        assert certificate.revoked_reason == "证书信息不实", "verification shows no internal case number"
        (log,) = StateLog.objects.for_(certificate)
        assert (log.transition, log.source_state, log.state, log.by, log.description) == (
            "revoke",
            "issued",
            "revoked",
            officer,
            f"{case.number}: 证书信息不实",
        )
    assert snapshot(world["failed"]) == failed_before
    assert snapshot(world["untouched"]) == untouched_before


@pytest.mark.django_db
def test_confirming_records_integrity_entries_on_the_body_and_the_examiners(world, settings):
    settings.AUDIT_CASE_INTEGRITY_KIND = {"body": "serious", "examiner": "minor"}
    case, officer, body = world["case"], world["officer"], world["case"].body

    cases.confirm_case(case=case, user=officer, reason="证书信息不实")

    entries = Entry.objects.filter(evidence_ref=f"certificates.case:{case.pk}")
    (body_entry,) = entries.filter(subject_type="body")
    assert (body_entry.subject_id, body_entry.subject_name, body_entry.subject_code) == (
        body.pk,
        body.name,
        body.credit_code,
    )
    assert (body_entry.kind, body_entry.basis, body_entry.recorded_by) == ("serious", "audit_case", officer)
    assert body_entry.occurred_on == timezone.localdate()
    assert case.number in body_entry.description and "证书信息不实" in body_entry.description
    # One entry per person named on the revoked certificates: alpha is on both, the unknown number and
    # the supervisor's number are skipped, the examiner only on an untouched certificate gets none.
    examiner_entries = entries.filter(subject_type="examiner")
    people = {c.person for c in world["examiners"]}
    assert {(e.subject_id, e.subject_name, e.subject_code) for e in examiner_entries} == {
        (p.pk, p.name, p.id_number) for p in people
    }
    assert {(e.kind, e.basis) for e in examiner_entries} == {("minor", "audit_case")}
    assert entries.count() == 1 + len(people)
    assert not Entry.objects.filter(subject_type="examiner", subject_id=world["quiet"].person_id).exists()


@pytest.mark.django_db
def test_verification_then_shows_the_certificate_revoked(world, client):
    cache.clear()
    case = world["case"]
    cases.confirm_case(case=case, user=world["officer"], reason="证书信息不实")
    certificate = world["certificates"][0]

    response = client.get("/verify/", {"no": certificate.certificate_no, "name": certificate.name})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="revoked-on"' in page and '<dd id="revoked-reason">证书信息不实</dd>' in page
    assert case.number not in page, "the audit case is internal: the public sees the reason only"
    assert 'class="alert bad" role="alert" id="certificate-status"' in page
    cache.clear()


@pytest.mark.django_db
def test_a_certificate_already_revoked_by_another_case_is_not_counted_again(body, officer):
    result = factories.result(body=body)
    hit(result, "ID_INVALID")
    hit(result, "UNDER_AGE")
    first, second = sorted(cases.assign_open_hits(), key=lambda c: c.rule)
    for case in (first, second):
        investigating(case, officer)
        cases.confirm_case(case=case, user=officer, reason="属实")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.revoked_count, second.revoked_count) == (1, 0)
    assert StateLog.objects.for_(Result.objects.get(pk=result.pk)).count() == 1


@pytest.mark.django_db
def test_a_confirmed_complaint_records_the_body_entry_on_the_complaint(body, officer):
    case = cases.open_complaint(user=officer, body=body, text="投诉：考场无监控")
    investigating(case, officer)
    cases.confirm_case(case=case, user=officer, reason="核查属实")

    (entry,) = Entry.objects.filter(evidence_ref=f"certificates.case:{case.pk}")
    assert (entry.subject_type, entry.basis) == ("body", "complaint")
    case.refresh_from_db()
    assert case.revoked_count == 0


@pytest.mark.django_db
def test_confirming_is_all_or_nothing(world, settings):
    """An integrity entry that cannot be recorded (here: an unknown kind) undoes the revocations too."""
    settings.AUDIT_CASE_INTEGRITY_KIND = {"body": "serious", "examiner": "no-such-kind"}
    case = world["case"]
    before = [snapshot(c) for c in (case, *world["certificates"])]

    with pytest.raises(ValidationError):
        cases.confirm_case(case=case, user=world["officer"], reason="证书信息不实")

    assert [snapshot(c) for c in (case, *world["certificates"])] == before
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_a_case_not_under_investigation_cannot_be_confirmed(world):
    from django_fsm import TransitionNotAllowed

    case = world["case"]
    AuditCase.objects.filter(pk=case.pk).update(status=CaseStatus.OPENED)
    case.refresh_from_db()
    before = [snapshot(c) for c in world["certificates"]]
    with pytest.raises(TransitionNotAllowed):
        cases.confirm_case(case=case, user=world["officer"], reason="证书信息不实")
    assert [snapshot(c) for c in world["certificates"]] == before


# --- dismissing -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dismissing_keeps_the_reason_and_changes_no_certificate(world):
    case = world["case"]
    before = [snapshot(r) for r in (*world["certificates"], world["failed"])]

    cases.dismiss_case(case=case, user=world["officer"], reason="身份证号系录入错误，已更正")

    case.refresh_from_db()
    assert (case.status, case.decision, case.decided_by, case.revoked_count) == (
        CaseStatus.DISMISSED,
        "身份证号系录入错误，已更正",
        world["officer"],
        0,
    )
    assert [snapshot(r) for r in (*world["certificates"], world["failed"])] == before
    assert not Entry.objects.exists()
