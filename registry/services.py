"""Writes to the registry: filing, reviewing, publishing and sanctioning bodies.

Every function here is keyword-only, runs in one transaction and is called explicitly by views,
commands and tests. A failed call leaves everything as it was.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from accounts.roles import is_body_admin, is_centre
from common import resident_ids
from common.transitions import perform
from common.uploads import check_document
from integrity import services as integrity
from registry import notices
from registry.models import (
    ApplicationScopeLine,
    AssessmentBody,
    BodyManager,
    BodyStatus,
    Counter,
    FilingApplication,
    FilingKind,
    Level,
    Material,
    Occupation,
    ScopeAction,
    ScopeLine,
)
from registry.models.body import CLOSED_STATUSES, IN_FORCE_STATUSES
from registry.models.filing import OPEN_STATUSES
from registry.permissions import CHANGE_BODY, VIEW_BODY, administers

# Transitions that officers start from a page; the rest are reached through filings or commands.
BODY_ACTIONS = ["order_rectification", "accept_rectification", "suspend", "reinstate", "revoke"]
APPLICATION_ACTIONS = [
    "submit",
    "start_district_review",
    "pass_district_review",
    "return_for_correction",
    "approve",
    "raise_objection",
    "publish",
    "reject",
    "withdraw",
]


@dataclass(frozen=True)
class LineRequest:
    occupation_code: str
    level: int
    action: str = ScopeAction.ADD
    work_type: str = ""


def normalise_credit_code(value: str) -> str:
    """Validate a unified social credit code (GB 32100 check character) and return it compact."""
    try:
        return uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            {
                "credit_code": _(
                    "This is not a valid unified social credit code (18 characters, check character)."
                )
            }
        ) from exc


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def grant_body_admin(*, user, body: AssessmentBody) -> None:
    """Make `user` an administrator of `body` (guardian object permissions)."""
    if not is_body_admin(user):
        raise ValidationError(_("Only body administrator accounts can administer a body."))
    assign_perm(VIEW_BODY, user, body)
    assign_perm(CHANGE_BODY, user, body)


def _next_reference() -> str:
    year = timezone.localdate().year
    return f"{year}-{Counter.next(f'application-{year}'):06d}"


def assign_filing_number(*, body: AssessmentBody) -> str:
    """Letter + national code + province + 6-digit bureau sequence: 13 characters, never reused."""
    sequence = Counter.next("filing-number")
    number = (
        f"{body.filing_letter}{settings.FILING_NATIONAL_CODE}{settings.FILING_PROVINCE_CODE}{sequence:06d}"
    )
    if len(number) != 13:
        raise ValueError(f"filing number {number!r} is not 13 characters")
    return number


def _check_not_barred(credit_code: str) -> None:
    today = timezone.localdate()
    barred = (
        AssessmentBody.objects.filter(credit_code=credit_code, refiling_barred_until__gte=today)
        .order_by("-refiling_barred_until")
        .first()
    )
    if barred:
        raise ValidationError(
            {
                "credit_code": _(
                    "This organisation's filing was revoked; it may not file again until %(date)s."
                )
                % {"date": barred.refiling_barred_until}
            }
        )


@transaction.atomic
def register_body_and_apply(
    *, user, particulars: dict, lines: list[LineRequest], statement: str = ""
) -> FilingApplication:
    """A new organisation: create its pending body, make `user` its administrator, open a draft."""
    if not is_body_admin(user):
        raise PermissionDenied(_("Only body administrator accounts can apply."))
    data = dict(particulars)
    data["credit_code"] = normalise_credit_code(data["credit_code"])
    if (
        AssessmentBody.objects.filter(credit_code=data["credit_code"])
        .exclude(status__in=CLOSED_STATUSES)
        .exists()
    ):
        raise ValidationError(
            {"credit_code": _("A body with this unified social credit code is already registered.")}
        )
    _check_not_barred(data["credit_code"])
    if integrity.is_code_blacklisted("body", data["credit_code"]):
        raise ValidationError(
            {"credit_code": _("This organisation is on the integrity blacklist and may not file.")}
        )
    body = AssessmentBody(**data)
    body.full_clean()
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"credit_code": _("A body with this unified social credit code is already registered.")}
        ) from exc
    grant_body_admin(user=user, body=body)
    return open_application(user=user, body=body, kind=FilingKind.INITIAL, lines=lines, statement=statement)


def allowed_kinds(body: AssessmentBody, today: datetime.date | None = None) -> list[str]:
    """Which kinds of application this body may open now (none while it is blacklisted)."""
    today = today or timezone.localdate()
    if body.applications.filter(status__in=OPEN_STATUSES).exists() or integrity.is_blacklisted(
        "body", body.pk
    ):
        return []
    if body.status == BodyStatus.PENDING:
        return [FilingKind.INITIAL]
    if body.status != BodyStatus.ACTIVE:
        return []
    kinds = [FilingKind.CHANGE]
    if body.valid_to and (body.valid_to - today).days <= settings.FILING_RENEWAL_WINDOW_DAYS:
        kinds.append(FilingKind.RENEWAL)
    kinds.append(FilingKind.EXIT)
    return kinds


@transaction.atomic
def open_application(
    *,
    user,
    body: AssessmentBody,
    kind: str,
    lines: list[LineRequest] | None = None,
    statement: str = "",
    particulars: dict | None = None,
    effective_date: datetime.date | None = None,
) -> FilingApplication:
    """Open a draft application of `kind` for an existing body the user administers."""
    if not administers(user, body):
        raise PermissionDenied(_("You do not administer this body."))
    if kind not in allowed_kinds(body):
        raise ValidationError(_("This body cannot open an application of this kind now."))
    application = FilingApplication(
        reference=_next_reference(),
        body=body,
        kind=kind,
        applicant=user,
        statement=statement,
        particulars=particulars or {},
        effective_date=effective_date,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError(_("This body already has an application in progress.")) from exc
    if kind == FilingKind.RENEWAL and not lines:
        lines = [
            LineRequest(line.occupation.code, line.level, ScopeAction.KEEP, line.work_type)
            for line in body.scope_lines.in_force_on(timezone.localdate()).select_related("occupation")
        ]
    set_scope_lines(application=application, user=user, lines=lines or [])
    return application


def _validate_lines(application: FilingApplication, lines: list[LineRequest]) -> list[ApplicationScopeLine]:
    body = application.body
    codes = {line.occupation_code.strip() for line in lines}
    occupations = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
    in_force = {
        (s.occupation.code, s.work_type, s.level)
        for s in body.scope_lines.in_force_on(timezone.localdate()).select_related("occupation")
    }
    allowed_actions = {
        FilingKind.INITIAL: {ScopeAction.ADD},
        FilingKind.CHANGE: {ScopeAction.ADD, ScopeAction.REMOVE},
        FilingKind.RENEWAL: {ScopeAction.KEEP},
        FilingKind.EXIT: set(),
    }[application.kind]
    errors, rows, seen = [], [], set()
    for number, line in enumerate(lines, start=1):
        code = line.occupation_code.strip()
        occupation = occupations.get(code)
        prefix = _("Scope line %(n)s: ") % {"n": number}
        if occupation is None:
            errors.append(prefix + _("occupation code %(code)s is not in the catalogue.") % {"code": code})
            continue
        try:
            level = Level(int(line.level))
        except ValueError:
            errors.append(prefix + _("unknown level."))
            continue
        if level in Level.pilot_only() and not body.in_special_grade_pilot:
            errors.append(prefix + _("this level is only for employers in the principal-technician pilot."))
        if line.action not in allowed_actions:
            errors.append(prefix + _("this action does not belong in this kind of application."))
        key = (code, line.work_type, int(level))
        if key in seen:
            errors.append(prefix + _("the same occupation and level appear twice."))
        seen.add(key)
        if line.action == ScopeAction.ADD and key in in_force:
            errors.append(prefix + _("already in the filed scope."))
        if line.action in (ScopeAction.REMOVE, ScopeAction.KEEP) and key not in in_force:
            errors.append(prefix + _("not in the filed scope."))
        rows.append(
            ApplicationScopeLine(
                application=application,
                action=line.action,
                occupation=occupation,
                work_type=line.work_type,
                level=level,
            )
        )
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def set_scope_lines(*, application: FilingApplication, user, lines: list[LineRequest]) -> None:
    """Replace the application's requested scope lines (only while it is a draft or returned)."""
    if not administers(user, application.body):
        raise PermissionDenied(_("You do not administer this body."))
    if not application.is_editable:
        raise ValidationError(_("Only a draft or returned application can be edited."))
    rows = _validate_lines(application, lines)
    application.scope_lines.all().delete()
    ApplicationScopeLine.objects.bulk_create(rows)


@transaction.atomic
def update_application(
    *,
    application: FilingApplication,
    user,
    statement: str,
    particulars: dict | None = None,
    effective_date=None,
) -> FilingApplication:
    if not administers(user, application.body):
        raise PermissionDenied(_("You do not administer this body."))
    if not application.is_editable:
        raise ValidationError(_("Only a draft or returned application can be edited."))
    application.statement = statement
    if particulars is not None:
        application.particulars = particulars
    application.effective_date = effective_date
    application.save(update_fields=["statement", "particulars", "effective_date"])
    return application


@transaction.atomic
def add_material(*, application: FilingApplication, user, category: str, upload: UploadedFile) -> Material:
    """Store one checked document on an editable application."""
    if not administers(user, application.body):
        raise PermissionDenied(_("You do not administer this body."))
    if not application.is_editable:
        raise ValidationError(_("Materials can only be added while the application is a draft or returned."))
    checked = check_document(upload)
    material = Material(
        application=application,
        category=category,
        original_name=(upload.name or "upload")[-200:],
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    upload.seek(0)
    material.file.save("upload", ContentFile(upload.read()), save=False)
    material.save()
    return material


@transaction.atomic
def remove_material(*, material: Material, user) -> None:
    if not administers(user, material.application.body) or not material.application.is_editable:
        raise PermissionDenied(_("This material can no longer be removed."))
    material.file.delete(save=False)
    material.delete()


def _check_submission(application: FilingApplication) -> None:
    problems = application.submission_problems()
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def decide_application(
    *, application: FilingApplication, user, action: str, reason: str = "", scores: dict | None = None
) -> FilingApplication:
    """Run one review step on an application; publishing applies the filing to the body."""
    if action not in APPLICATION_ACTIONS:
        raise ValidationError(_("Unknown action."))
    if action == "submit":
        _check_submission(application)
    if action == "publish" and not application.notice_is_over():
        raise ValidationError(
            _("The public notice runs until %(date)s; publish after it ends.")
            % {"date": application.notice_ends}
        )
    if scores is not None and action in ("approve", "reject"):
        application.review_scores = scores
    perform(application, action, by=user, reason=reason)
    if action == "publish":
        _apply_filing(application=application, user=user)
    notices.filing_decided(application=application, action=action, reason=reason)
    return application


def _apply_filing(*, application: FilingApplication, user) -> None:
    body = AssessmentBody.objects.select_for_update().get(pk=application.body_id)
    today = timezone.localdate()
    lines = list(application.scope_lines.select_related("occupation"))
    if application.kind == FilingKind.INITIAL:
        body.filing_no = assign_filing_number(body=body)
        body.valid_from = today
        body.valid_to = add_years(today, settings.FILING_VALIDITY_YEARS) - datetime.timedelta(days=1)
        # in force from the filing date, the first day of its validity
        perform(
            body,
            "activate",
            by=user,
            reason=application.reference,
            check_permission=False,
            on=body.valid_from,
        )
        _add_scope(body, lines, application, today)
    elif application.kind == FilingKind.CHANGE:
        effective = max(application.effective_date or today, today)
        for field, value in application.particulars.items():
            setattr(body, field, value)
        body.full_clean(exclude=["credit_code"])
        body.save()
        _end_scope(body, [ln for ln in lines if ln.action == ScopeAction.REMOVE], application, effective)
        _add_scope(body, [ln for ln in lines if ln.action == ScopeAction.ADD], application, effective)
    elif application.kind == FilingKind.RENEWAL:
        old_end = body.valid_to
        kept = {(ln.occupation_id, ln.work_type, ln.level) for ln in lines}
        dropped = [
            s
            for s in body.scope_lines.in_force_on(today)
            if (s.occupation_id, s.work_type, s.level) not in kept and s.effective_to is None
        ]
        for line in dropped:
            line.effective_to = max(old_end, line.effective_from)
            line.ended_by_application = application
            line.save(update_fields=["effective_to", "ended_by_application"])
        body.valid_to = add_years(old_end, settings.FILING_VALIDITY_YEARS)
        body.save(update_fields=["valid_to"])
    elif application.kind == FilingKind.EXIT:
        perform(body, "exit", by=user, reason=application.statement, check_permission=False, on=today)
        body.scope_lines.filter(effective_to__isnull=True).update(
            effective_to=today, ended_by_application=application
        )


def _add_scope(body, lines, application, effective: datetime.date) -> None:
    ScopeLine.objects.bulk_create(
        ScopeLine(
            body=body,
            occupation=line.occupation,
            work_type=line.work_type,
            level=line.level,
            effective_from=effective,
            added_by_application=application,
        )
        for line in lines
    )


def _end_scope(body, lines, application, effective: datetime.date) -> None:
    last_day = effective - datetime.timedelta(days=1)
    for line in lines:
        for current in body.scope_lines.in_force_on(effective).filter(
            occupation=line.occupation, work_type=line.work_type, level=line.level
        ):
            current.effective_to = max(last_day, current.effective_from)
            current.ended_by_application = application
            current.save(update_fields=["effective_to", "ended_by_application"])


@transaction.atomic
def act_on_body(
    *,
    body: AssessmentBody,
    user,
    action: str,
    reason: str = "",
    deadline: datetime.date | None = None,
    on: datetime.date | None = None,
) -> AssessmentBody:
    """A centre officer's sanction or its lifting: rectification, suspension, reinstatement, revocation;
    in force from `on` (the decision's date, default today)."""
    if action not in BODY_ACTIONS:
        raise ValidationError(_("Unknown action."))
    extra = {}
    if action == "order_rectification":
        extra["deadline"] = deadline
    if action == "revoke":
        extra["barred_until"] = add_years(timezone.localdate(), settings.REFILING_BAR_YEARS)
    perform(body, action, by=user, reason=reason, on=on, **extra)
    if action == "revoke":
        integrity.record_entry(
            subject_type="body",
            subject_id=body.pk,
            subject_name=body.name,
            subject_code=body.credit_code,
            kind="serious",
            basis="manual",
            description=_("Filing revoked: %(reason)s") % {"reason": reason},
            occurred_on=timezone.localdate(),
            recorded_by=user,
            evidence_ref=f"registry.body:{body.pk}",
        )
    return body


def expire_lapsed_bodies(*, today: datetime.date | None = None) -> list[AssessmentBody]:
    """Move bodies whose validity has lapsed to `expired` (effective the day after it ended); safe to run
    daily."""
    today = today or timezone.localdate()
    changed = []
    lapsed = AssessmentBody.objects.filter(status__in=IN_FORCE_STATUSES, valid_to__lt=today)
    for body in lapsed:
        with transaction.atomic():
            perform(
                body,
                "expire",
                by=None,
                reason=_("Validity ended on %(date)s.") % {"date": body.valid_to},
                check_permission=False,
                on=body.valid_to + datetime.timedelta(days=1),  # however late the job runs
            )
        changed.append(body)
    return changed


def apply_integrity(body_id: int, *, by=None) -> None:
    """Bring a body in line with its integrity record: below the threshold it is put into rectification;
    when the score recovers, a rectification that the record caused is lifted."""
    body = AssessmentBody.objects.get(pk=body_id)
    low = integrity.score("body", body_id) < settings.INTEGRITY_SCORE_THRESHOLD
    if low and body.status == BodyStatus.ACTIVE:
        perform(
            body,
            "order_rectification",
            by=by,
            check_permission=False,
            reason=_("Integrity score below %(n)s.") % {"n": settings.INTEGRITY_SCORE_THRESHOLD},
        )
        AssessmentBody.objects.filter(pk=body_id).update(rectifying_for_integrity=True)
    elif not low and body.status == BodyStatus.RECTIFYING and body.rectifying_for_integrity:
        perform(
            body, "accept_rectification", by=by, check_permission=False, reason=_("Integrity score restored.")
        )
        AssessmentBody.objects.filter(pk=body_id).update(rectifying_for_integrity=False)


@transaction.atomic
def add_manager(*, body: AssessmentBody, user, name: str, id_number: str, position: str = "") -> BodyManager:
    """Register a manager of a body (its own administrator or the centre), so that records can name them."""
    if not (administers(user, body) or is_centre(user)):
        raise PermissionDenied(_("You may not do this."))
    try:
        number = resident_ids.validate(id_number.strip().upper())
    except StdnumError as exc:
        raise ValidationError({"id_number": _("This is not a valid resident ID number.")}) from exc
    manager, created = BodyManager.objects.get_or_create(
        body=body, id_number=number, defaults={"name": name.strip(), "position": position.strip()}
    )
    if not created:
        raise ValidationError(
            {"id_number": _("This person is already registered as a manager of this body.")}
        )
    return manager
