"""Writes for examiners and supervisors: recommendation, certification, renewal, sessions, declines."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from stdnum.exceptions import ValidationError as StdnumError

from accounts.roles import is_centre
from common import resident_ids
from common.transitions import perform
from examiners.eligibility import is_blacklisted
from examiners.models import (
    AssessmentSession,
    Assignment,
    AssignmentStatus,
    Certification,
    CertificationStatus,
    Person,
    Relation,
    Role,
)
from registry.models import AssessmentBody, BodyStatus, Counter, FilingKind, FilingStatus, Level, Occupation
from registry.permissions import administers

# Transitions officers start from a page; certify, record_exam, renew and expire have their own services.
CERTIFICATION_ACTIONS = ["accept", "suspend", "reinstate", "disqualify"]
UNDER_REVIEW = [
    FilingStatus.SUBMITTED,
    FilingStatus.DISTRICT_REVIEW,
    FilingStatus.CENTRE_REVIEW,
    FilingStatus.PUBLIC_NOTICE,
]


def normalise_id_number(value: str) -> str:
    """A resident ID (GB 11643: 18 characters, birth date, check digit, an area code in use at some time
    since the birth), upper-case."""
    try:
        return resident_ids.validate(value.strip().upper())
    except (StdnumError, AttributeError) as exc:
        raise ValidationError(
            {
                "id_number": _(
                    "This is not a valid resident ID number (18 characters, birth date and check digit)."
                )
            }
        ) from exc


def can_recommend(body: AssessmentBody, today: datetime.date | None = None) -> bool:
    """A filed body may recommend; so may one whose first application is under review for under a year."""
    today = today or timezone.localdate()
    if is_blacklisted_body(body):
        return False
    if body.status in (BodyStatus.ACTIVE, BodyStatus.RECTIFYING):
        return True
    if body.status != BodyStatus.PENDING:
        return False
    since = today - relativedelta(months=settings.RECOMMENDATION_REVIEW_MONTHS)
    return body.applications.filter(
        kind=FilingKind.INITIAL, status__in=UNDER_REVIEW, first_submitted_at__date__gt=since
    ).exists()


def is_blacklisted_body(body: AssessmentBody) -> bool:
    """Bodies with an active serious integrity entry may not recommend."""
    from integrity.services import is_blacklisted

    return is_blacklisted("body", body.pk)


@transaction.atomic
def recommend(
    *,
    user,
    body: AssessmentBody,
    name: str,
    id_number: str,
    role: str,
    track: str,
    grade: str = "",
    occupations: list[Occupation] | None = None,
    phone: str = "",
    employer: str = "",
    employed_by_body: bool = True,
) -> Certification:
    """A body administrator puts a person forward for certification as examiner or supervisor."""
    if not administers(user, body):
        raise PermissionDenied(_("You do not administer this body."))
    if not can_recommend(body):
        raise ValidationError(
            _(
                "Only a filed body, or one whose first filing has been under review for less than a year, may recommend."
            )
        )
    id_number = normalise_id_number(id_number)
    person = Person.objects.filter(id_number=id_number).first()
    if person is None:
        person = Person.objects.create(
            name=name.strip(),
            id_number=id_number,
            employer=employer or (body.name if employed_by_body else ""),
            employer_body=body if employed_by_body else None,
            district=body.district,
            phone=phone,
            created_by=user,
        )
    elif person.name != name.strip():
        raise ValidationError({"name": _("This ID number is registered under another name.")})
    if is_blacklisted(person.pk):
        raise ValidationError(_("This person is on the integrity blacklist and cannot be recommended."))
    if role == Role.EXAMINER and not grade:
        raise ValidationError({"grade": _("Choose the grade applied for.")})
    if role == Role.EXAMINER and not occupations:
        raise ValidationError(
            {"occupations": _("Name at least one occupation the examiner is qualified for.")}
        )
    certification = Certification(
        person=person,
        role=role,
        track=track,
        grade=grade if role == Role.EXAMINER else "",
        recommending_body=body,
        recommended_by=user,
    )
    try:
        with transaction.atomic():
            certification.save()
    except IntegrityError as exc:
        raise ValidationError(_("This person already holds or is applying for this role.")) from exc
    if occupations:
        certification.occupations.set(occupations)
    return certification


@transaction.atomic
def act_on_certification(
    *, certification: Certification, user, action: str, reason: str = "", on: datetime.date | None = None
) -> Certification:
    """An officer's step on a certification, in force from `on` (the decision's date, default today)."""
    if action not in CERTIFICATION_ACTIONS:
        raise ValidationError(_("Unknown action."))
    return perform(certification, action, by=user, reason=reason, on=on)


def _next_certificate_no(role: str, year: int) -> str:
    prefix = "KP" if role == Role.EXAMINER else "DD"
    return f"{prefix}50{year}{Counter.next(f'certificate-{role}-{year}'):05d}"


@transaction.atomic
def record_result(
    *,
    certification: Certification,
    user,
    training_hours: int | None,
    exam_score,
    exam_date: datetime.date | None = None,
    certify_if_passed: bool = True,
) -> Certification:
    """Record training and exam results; a pass (≥ the pass mark) certifies at once unless told not to."""
    perform(
        certification,
        "record_exam",
        by=user,
        training_hours=training_hours,
        exam_score=exam_score,
        exam_date=exam_date,
        on=exam_date,
    )
    if certify_if_passed and certification.passed():
        certify(certification=certification, user=user, on=exam_date)
    return certification


class BatchRowError(Exception):
    """Row `index` of a batch failed; the batch's transaction is rolled back."""

    def __init__(self, index: int, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


@transaction.atomic
def record_results(*, items: list[tuple[Certification, int | None, object, datetime.date]], user) -> None:
    """Many results at once (batch import): one row lock, the transitions in memory, bulk writes.

    Each item is (certification, training hours, exam score, exam date); passers are certified with
    numbers reserved in one block. Exam and certification take effect on the exam date, however late
    the batch is recorded. Raises BatchRowError naming the first failing item.
    """
    if not items:
        return
    if not has_transition_perm(items[0][0].record_exam, user):
        raise PermissionDenied(_("You may not do this."))
    ids = [certification.pk for certification, *_rest in items]
    locked = {
        c.pk: c
        for c in Certification.objects.select_for_update().filter(
            pk__in=ids, status__in=[CertificationStatus.TRAINING, CertificationStatus.EXAMINED]
        )
    }
    blocks: dict[tuple[str, int], list[int]] = {}
    for index, (certification, hours, score, day) in enumerate(items):
        current = locked.get(certification.pk)
        try:
            if current is None:
                raise ValidationError(_("This person is not in training or examined any more."))
            current.record_exam(by=user, training_hours=hours, exam_score=score, exam_date=day, on=day)
            if current.passed():
                key = (current.role, current.exam_date.year)
                blocks.setdefault(key, []).append(index)
        except Exception as exc:
            raise BatchRowError(index, exc) from exc
    numbers = {}
    for (role, year), indexes in blocks.items():
        first = Counter.next_block(f"certificate-{role}-{year}", len(indexes))
        prefix = "KP" if role == Role.EXAMINER else "DD"
        for offset, index in enumerate(indexes):
            numbers[index] = f"{prefix}50{year}{first + offset:05d}"
    for index, number in numbers.items():
        current = locked[items[index][0].pk]
        try:
            current.certify(by=user, certificate_no=number, on=current.exam_date)
        except Exception as exc:
            raise BatchRowError(index, exc) from exc
    # One plain UPDATE per row: Django's bulk_update builds CASE expressions that cost more than it saves here.
    fields = [
        "status",
        "status_since",
        "training_hours",
        "exam_score",
        "exam_date",
        "certificate_no",
        "valid_from",
        "valid_to",
    ]
    for current in locked.values():
        Certification.objects.filter(pk=current.pk).update(**{f: getattr(current, f) for f in fields})
    for certification, *_rest in items:  # the callers' objects show the outcome
        fresh = locked[certification.pk]
        certification.status, certification.certificate_no = fresh.status, fresh.certificate_no


@transaction.atomic
def certify(*, certification: Certification, user, on: datetime.date | None = None) -> Certification:
    if not certification.passed():
        raise ValidationError(
            _("Only a passed exam (score ≥ %(mark)s) can be certified.")
            % {"mark": settings.CERTIFICATION_PASS_SCORE}
        )
    day = on or timezone.localdate()
    perform(
        certification,
        "certify",
        by=user,
        certificate_no=_next_certificate_no(certification.role, day.year),
        on=day,
    )
    return certification


@transaction.atomic
def renew(*, certification: Certification, user, on: datetime.date | None = None) -> Certification:
    """换证: only without a serious integrity violation in the last term; valid again from `on`."""
    if is_blacklisted(certification.person_id):
        raise ValidationError(_("Renewal is refused while a serious integrity entry is active."))
    return perform(certification, "renew", by=user, on=on)


def expire_lapsed(*, today: datetime.date | None = None) -> list[Certification]:
    """Move certified people whose validity has ended to `expired` (effective the day after it ended);
    safe to run daily."""
    today = today or timezone.localdate()
    changed = []
    lapsed = Certification.objects.filter(
        status=CertificationStatus.CERTIFIED, valid_to__lt=today
    ).select_related("person")
    for certification in lapsed:
        with transaction.atomic():
            perform(
                certification,
                "expire",
                by=None,
                reason=_("Certification validity ended on %(date)s.") % {"date": certification.valid_to},
                check_permission=False,
                on=certification.valid_to + datetime.timedelta(days=1),  # however late the job runs
            )
        changed.append(certification)
    return changed


@transaction.atomic
def create_session(
    *,
    user,
    body: AssessmentBody,
    occupation: Occupation,
    level: int,
    date: datetime.date,
    practical_rooms: int,
    candidates: int,
    venue: str = "",
) -> AssessmentSession:
    """A body plans a session: only an active body, with the occupation and level in scope on that date."""
    if not administers(user, body):
        raise PermissionDenied(_("You do not administer this body."))
    if body.status != BodyStatus.ACTIVE:
        raise ValidationError(_("Only an active body may hold assessment sessions."))
    in_scope = body.scope_lines.in_force_on(date).filter(occupation=occupation, level=level).exists()
    if not in_scope:
        raise ValidationError(
            _("%(occupation)s at %(level)s is not in this body's filed scope on %(date)s.")
            % {"occupation": occupation.name, "level": Level(level).label, "date": date}
        )
    if practical_rooms < 1 or candidates < 1:
        raise ValidationError(_("A session needs at least one practical room and one candidate."))
    return AssessmentSession.objects.create(
        body=body,
        occupation=occupation,
        level=level,
        date=date,
        practical_rooms=practical_rooms,
        candidates=candidates,
        venue=venue,
        created_by=user,
    )


@transaction.atomic
def decline(*, assignment: Assignment, user, reason: str) -> Assignment:
    """Record that a drawn person declined; the centre then draws a replacement."""
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("This assignment was already declined."))
    return perform(assignment, "decline", by=user, reason=reason)


@transaction.atomic
def declare_relation(*, person: Person, body: AssessmentBody, kind: str, note: str = "", user) -> Relation:
    """Record a tie between a person and a body (回避): the person is never drawn for its sessions."""
    if not is_centre(user):
        raise PermissionDenied(_("You may not do this."))
    relation, created = Relation.objects.get_or_create(
        person=person, body=body, kind=kind, defaults={"note": note}
    )
    if not created:
        raise ValidationError(_("This tie is already declared."))
    return relation


def apply_integrity_for(role: str):
    """The consequence handler for one role: below the threshold a certified person is suspended; when
    the score recovers, a suspension that the record caused is lifted."""

    def handler(person_id: int, *, by=None) -> None:
        from integrity.services import score

        low = score(role, person_id) < settings.INTEGRITY_SCORE_THRESHOLD
        for certification in Certification.objects.filter(person_id=person_id, role=role):
            if low and certification.status == CertificationStatus.CERTIFIED:
                perform(
                    certification,
                    "suspend",
                    by=by,
                    check_permission=False,
                    reason=_("Integrity score below %(n)s.") % {"n": settings.INTEGRITY_SCORE_THRESHOLD},
                )
                Certification.objects.filter(pk=certification.pk).update(suspended_for_integrity=True)
            elif (
                not low
                and certification.status == CertificationStatus.SUSPENDED
                and certification.suspended_for_integrity
            ):
                perform(
                    certification,
                    "reinstate",
                    by=by,
                    check_permission=False,
                    reason=_("Integrity score restored."),
                )
                Certification.objects.filter(pk=certification.pk).update(suspended_for_integrity=False)

    return handler
