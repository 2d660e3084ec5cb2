"""Audit cases (domain.md §3.7): hits grouped per body and rule, complaints, and the centre's decision.

Confirming a case revokes the certificates its hits concern and records integrity entries on the body
and on the examiners named on those certificates; dismissing changes no certificate. Every function
is keyword-only and runs in one transaction: a refusal anywhere leaves everything as it was.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from certificates import notices
from certificates.models import OPEN_CASE_STATUSES, AuditCase, CertificateStatus, Hit, Result
from common.transitions import perform
from examiners.models import Certification
from examiners.models import Role as PersonRole
from integrity import services as integrity
from integrity.models import Basis, SubjectType
from registry.models import AssessmentBody, Counter

CASE_PREFIX = "AC"


def _case_numbers(count: int) -> list[str]:
    """`count` consecutive AC-2026-000123 numbers, reserved at once (the format of inspections.next_number)."""
    if count == 0:
        return []
    year = timezone.localdate().year
    first = Counter.next_block(f"{CASE_PREFIX}-{year}", count)
    return [f"{CASE_PREFIX}-{year}-{first + n:06d}" for n in range(count)]


@transaction.atomic
def assign_open_hits() -> list[AuditCase]:
    """Put every hit without a case into the open case of its body and rule, opening those missing."""
    # One assigner at a time per body, so two audits finishing together cannot both open a case for the
    # same body and rule. NO KEY UPDATE does not wait for the key-share locks that inserting hits and
    # results takes on their body, so concurrent imports do not deadlock here.
    body_ids = list(
        AssessmentBody.objects.select_for_update(no_key=True)
        .filter(pk__in=Hit.objects.filter(case__isnull=True).values("body_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not body_ids:
        return []
    unassigned = Hit.objects.filter(case__isnull=True, body_id__in=body_ids)
    pairs = set(unassigned.order_by().values_list("body_id", "rule").distinct())
    open_cases = AuditCase.objects.filter(status__in=OPEN_CASE_STATUSES, body_id__in=body_ids)
    missing = sorted(pairs - set(open_cases.order_by().values_list("body_id", "rule")))
    opened = AuditCase.objects.bulk_create(
        AuditCase(number=number, body_id=body_id, rule=rule)
        for number, (body_id, rule) in zip(_case_numbers(len(missing)), missing, strict=True)
    )
    # Set-based: each hit takes the oldest open case of its body and rule, in one UPDATE.
    unassigned.update(
        case=Subquery(
            AuditCase.objects.filter(
                status__in=OPEN_CASE_STATUSES, body_id=OuterRef("body_id"), rule=OuterRef("rule")
            )
            .order_by("pk")
            .values("pk")[:1]
        )
    )
    notices.cases_opened(case_ids=[case.pk for case in opened])
    return opened


@transaction.atomic
def open_complaint(*, user, body: AssessmentBody, text: str) -> AuditCase:
    """The centre opens a case from a complaint about a body; it has no rule and, at first, no hits."""
    if not is_centre(user):
        raise PermissionDenied(_("Only the centre opens audit cases."))
    text = text.strip()
    if not text:
        raise ValidationError({"complaint": _("Write down what the complaint says.")})
    (number,) = _case_numbers(1)
    case = AuditCase.objects.create(number=number, body=body, rule="", complaint=text, opened_by=user)
    notices.case_opened(case=case)
    return case


@transaction.atomic
def investigate(*, case: AuditCase, user) -> AuditCase:
    """The centre takes the case up."""
    return perform(case, "investigate", by=user)


@transaction.atomic
def confirm_case(*, case: AuditCase, user, reason: str) -> AuditCase:
    """The hits are real: revoke the certificates concerned, record integrity entries on the body and on
    the examiners named on those certificates."""
    perform(case, "confirm", by=user, reason=reason)
    reason = reason.strip()
    revoked = _revoke_certificates(case, user=user, reason=reason)
    case.revoked_count = len(revoked)
    case.save(update_fields=["revoked_count"])
    _record_integrity(case, user=user, reason=reason, revoked=revoked)
    notices.case_confirmed(case=case, reason=reason)
    return case


@transaction.atomic
def dismiss_case(*, case: AuditCase, user, reason: str) -> AuditCase:
    """The hits are explained: the case closes with its reason, and no certificate changes."""
    return perform(case, "dismiss", by=user, reason=reason)


def _revoke_certificates(case: AuditCase, *, user, reason: str) -> list[Result]:
    """Each issued certificate of the case's hits, through its own `revoke` (so each one is logged)."""
    certificates = Result.objects.filter(
        pk__in=Hit.objects.filter(case=case, result__isnull=False).values("result_id"),
        status=CertificateStatus.ISSUED,
    ).order_by("pk")
    # The certificate's history keeps the case number; the public verification page shows the reason only.
    why = f"{case.number}: {reason}"
    return [perform(result, "revoke", by=user, reason=why, public_reason=reason) for result in certificates]


def _examiner_certifications(revoked: list[Result]) -> list[Certification]:
    """The examiners' certifications named on these certificates; numbers nobody holds are skipped."""
    numbers = {n.strip() for r in revoked for n in r.examiner_nos.split(";") if n.strip()}
    if not numbers:
        return []
    return list(
        Certification.objects.filter(role=PersonRole.EXAMINER, certificate_no__in=numbers)
        .select_related("person")
        .order_by("person_id", "pk")
    )


def _record_integrity(case: AuditCase, *, user, reason: str, revoked: list[Result]) -> None:
    today = timezone.localdate()
    kinds = settings.AUDIT_CASE_INTEGRITY_KIND
    # A complaint the centre confirmed rests on the complaint; the rules' hits rest on the audit case.
    basis = Basis.AUDIT_CASE if case.rule else Basis.COMPLAINT
    evidence = f"certificates.case:{case.pk}"
    body = case.body
    integrity.record_and_apply(
        subject_type=SubjectType.BODY,
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind=kinds["body"],
        basis=basis,
        description=_("Audit case %(number)s confirmed (%(count)d certificates revoked): %(reason)s")
        % {"number": case.number, "count": len(revoked), "reason": reason},
        occurred_on=today,
        recorded_by=user,
        evidence_ref=evidence,
    )
    examiners_named = {}
    for certification in _examiner_certifications(revoked):
        examiners_named.setdefault(certification.person_id, certification.person)
    for person in examiners_named.values():
        integrity.record_and_apply(
            subject_type=SubjectType.EXAMINER,
            subject_id=person.pk,
            subject_name=person.name,
            subject_code=person.id_number,
            kind=kinds["examiner"],
            basis=basis,
            description=_("Examiner on certificates revoked by audit case %(number)s at %(body)s: %(reason)s")
            % {"number": case.number, "body": body.name, "reason": reason},
            occurred_on=today,
            recorded_by=user,
            evidence_ref=evidence,
        )
