"""Writes to inspections: planning, assigning, the supervisor's form, review and closing.

Every function is keyword-only and runs in one transaction; a refusal leaves everything as it was.
"""

import datetime
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from audits import notices, recusal
from audits import permissions as perm
from audits.models import (
    AnswerResult,
    ChecklistTemplate,
    Evidence,
    Finding,
    Inspection,
    InspectionKind,
    InspectionStatus,
    RectificationOrder,
    Severity,
)
from audits.reports.issue import issue_report
from audits.services.checklists import TEMPLATE_FOR_KIND, current_template
from common.transitions import perform
from common.uploads import check_document
from examiners.models import AssessmentSession, AssignmentStatus, Certification, Role
from integrity import services as integrity
from registry.models import AssessmentBody, BodyStatus, Counter

# Bodies that can be inspected: filed and not closed.
INSPECTABLE = [BodyStatus.ACTIVE, BodyStatus.RECTIFYING, BodyStatus.SUSPENDED]
THUMBNAIL_PX = 320


def next_number(prefix: str, year: int) -> str:
    """DD-2026-000123: a gap-free number per prefix and year."""
    return f"{prefix}-{year}-{Counter.next(f'{prefix}-{year}'):06d}"


@transaction.atomic
def plan_inspection(
    *,
    user,
    body: AssessmentBody,
    kind: str,
    planned_for: datetime.date,
    session: AssessmentSession | None = None,
    template: ChecklistTemplate | None = None,
    topic: str = "",
    plan=None,
) -> Inspection:
    """An officer plans an inspection of a body (or of one of its sessions) on a day."""
    if not perm.officer_for_body(user, body):
        raise PermissionDenied(_("You may not plan inspections of this body."))
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Unknown kind of inspection.")})
    if body.status not in INSPECTABLE:
        raise ValidationError(
            {
                "body": _(
                    "Only a body whose filing is in force (active, in rectification or suspended) can be inspected; this one is “%(s)s”."
                )
                % {"s": body.get_status_display()}
            }
        )
    if session is not None:
        if session.body_id != body.pk:
            raise ValidationError({"session": _("The session is not one of this body's.")})
        planned_for = session.date
    if planned_for < timezone.localdate():
        raise ValidationError(
            {
                "session" if session is not None else "planned_for": _(
                    "The planned date cannot be in the past."
                )
            }
        )
    if kind == InspectionKind.ON_SITE and session is None:
        raise ValidationError({"session": _("On-site supervision is of a session: choose one.")})
    if kind == InspectionKind.SPECIAL and not topic.strip():
        raise ValidationError({"topic": _("A special-topic inspection needs its topic.")})
    template = template or current_template(TEMPLATE_FOR_KIND[kind])
    return Inspection.objects.create(
        number=next_number("DD", planned_for.year),
        kind=kind,
        body=body,
        session=session,
        template=template,
        plan=plan,
        planned_for=planned_for,
        topic=topic.strip(),
        planned_by=user,
    )


def session_examiner_ids(inspection: Inspection) -> set[int]:
    if inspection.session_id is None:
        return set()
    return set(
        inspection.session.assignments.filter(
            role=Role.EXAMINER, status=AssignmentStatus.ASSIGNED
        ).values_list("person_id", flat=True)
    )


def pool_for(inspection: Inspection) -> recusal.SupervisorPool:
    load = recusal.open_load()
    if inspection.supervisor_id and inspection.status == InspectionStatus.ASSIGNED:
        load[inspection.supervisor_id] -= 1  # a reassignment frees the present supervisor's slot
    return recusal.supervisor_pool(
        inspection.body,
        inspection.planned_for,
        session_examiner_ids=session_examiner_ids(inspection),
        load=load,
    )


@transaction.atomic
def assign_supervisor(
    *, inspection: Inspection, user, certification: Certification, reason: str = ""
) -> Inspection:
    """Give the inspection to a supervisor who passes recusal and load; the log keeps who chose whom."""
    if certification.role != Role.SUPERVISOR:
        raise ValidationError({"certification": _("Only a quality supervisor can be assigned.")})
    why_not = recusal.refusal(certification, pool_for(inspection))
    if why_not:
        raise ValidationError(
            {
                "certification": _("%(name)s cannot be assigned: %(why)s.")
                % {"name": certification.person.name, "why": why_not}
            }
        )
    perform(inspection, "assign", by=user, reason=reason, certification=certification)
    notices.inspection_assigned(inspection=inspection)
    return inspection


@transaction.atomic
def start_inspection(*, inspection: Inspection, user) -> Inspection:
    return perform(inspection, "start", by=user)


def _check_supervisor_editing(inspection: Inspection, user) -> None:
    if not perm.assigned_supervisor(inspection, user):
        raise PermissionDenied(_("Only the assigned supervisor fills this inspection."))
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("The inspection can be filled only while it is in progress."))


@transaction.atomic
def save_answers(*, inspection: Inspection, user, answers: dict[int, tuple[str, str]]) -> int:
    """Store the supervisor's answers ({item id: (result, note)}); unknown items are refused."""
    _check_supervisor_editing(inspection, user)
    items = set(inspection.template.items.values_list("pk", flat=True))
    unknown = set(answers) - items
    if unknown:
        raise ValidationError(_("Some answers are for items not on this checklist."))
    for item_id, (result, note) in answers.items():
        if result not in AnswerResult.values:
            raise ValidationError(_("An answer must be complies, does not comply or not applicable."))
        if result == AnswerResult.NO and not note.strip():
            raise ValidationError({f"note_{item_id}": _("Say what does not comply.")})
        inspection.answers.update_or_create(
            item_id=item_id, defaults={"result": result, "note": note.strip()}
        )
    return len(answers)


def _thumbnail(data: bytes) -> ContentFile:
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue())


def attach_evidence(*, finding: Finding, user, upload: UploadedFile) -> Evidence:
    """A photo or PDF, accepted on its content; photos get a thumbnail for the report."""
    checked = check_document(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    evidence = Evidence(
        finding=finding,
        original_name=(upload.name or "evidence")[-200:],
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    evidence.file.save("upload", ContentFile(data), save=False)
    if evidence.is_image:
        evidence.thumbnail.save("thumb", _thumbnail(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def add_finding(
    *,
    inspection: Inspection,
    user,
    severity: str,
    description: str,
    item_id: int | None = None,
    uploads: list[UploadedFile] = (),
) -> Finding:
    """Record a finding with its evidence; any bad file refuses the whole finding."""
    _check_supervisor_editing(inspection, user)
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the finding.")})
    if item_id is not None and not inspection.template.items.filter(pk=item_id).exists():
        raise ValidationError({"item": _("The item is not on this checklist.")})
    # Every file is checked before any is stored: a rolled-back finding cannot take back files already
    # written to storage, so a bad second file must not leave the first one behind.
    for upload in uploads:
        try:
            check_document(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "evidence": [
                        _("%(name)s: %(error)s") % {"name": upload.name, "error": m} for m in exc.messages
                    ]
                }
            ) from exc
    finding = Finding.objects.create(
        inspection=inspection, item_id=item_id, severity=severity, description=description.strip()
    )
    for upload in uploads:
        attach_evidence(finding=finding, user=user, upload=upload)
    return finding


@transaction.atomic
def remove_finding(*, finding: Finding, user) -> None:
    _check_supervisor_editing(finding.inspection, user)
    for evidence in finding.evidence.all():
        evidence.file.delete(save=False)
        evidence.thumbnail.delete(save=False)
    finding.delete()


@transaction.atomic
def sign_and_submit(
    *, inspection: Inspection, user, signed_name: str, summary: str, pledge: bool
) -> Inspection:
    """The supervisor signs (their own name, and the pledge that the record is true) and submits."""
    _check_supervisor_editing(inspection, user)
    unanswered = list(
        inspection.template.items.exclude(answers__inspection=inspection).values_list("position", flat=True)
    )
    if unanswered:
        raise ValidationError(
            _("Answer every checklist item before submitting; unanswered: %(items)s.")
            % {"items": ", ".join(str(n) for n in unanswered)}
        )
    if not pledge:
        raise ValidationError({"pledge": _("Confirm that this record is true and complete.")})
    if signed_name.strip() != inspection.supervisor.name:
        raise ValidationError(
            {
                "signed_name": _("Sign with your own name as registered: %(name)s.")
                % {"name": inspection.supervisor.name}
            }
        )
    inspection.summary = summary.strip()
    inspection.signed_name = signed_name.strip()
    inspection.signed_at = timezone.now()
    perform(inspection, "submit", by=user)
    issue_report(inspection=inspection)
    return inspection


@transaction.atomic
def return_inspection(*, inspection: Inspection, user, reason: str) -> Inspection:
    return perform(inspection, "return_for_revision", by=user, reason=reason)


def _record_finding(finding: Finding, inspection: Inspection, user) -> None:
    kind = settings.FINDING_INTEGRITY_KIND.get(finding.severity)
    if kind is None:
        return
    body = inspection.body
    entry = integrity.record_and_apply(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind=kind,
        basis="inspection",
        description=_("Inspection %(number)s, %(severity)s finding: %(text)s")
        % {
            "number": inspection.number,
            "severity": finding.get_severity_display(),
            "text": finding.description,
        },
        occurred_on=inspection.submitted_at.astimezone(timezone.get_current_timezone()).date(),
        recorded_by=user,
        evidence_ref=f"audits.finding:{finding.pk}",
    )
    finding.integrity_entry_id = entry.pk
    finding.save(update_fields=["integrity_entry_id"])


@transaction.atomic
def review_inspection(
    *, inspection: Inspection, user, note: str = "", deadline: datetime.date | None = None
) -> Inspection:
    """The officer confirms the record: findings go to the body's integrity record, and major or
    critical ones become one rectification order with a deadline; the report is reissued with them."""
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=settings.RECTIFICATION_DEFAULT_DAYS)
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    perform(inspection, "review", by=user, reason=note)
    findings = list(inspection.findings.select_related("item"))
    for finding in findings:
        _record_finding(finding, inspection, user)
    serious = [f for f in findings if f.orders_rectification]
    if serious:
        order = RectificationOrder.objects.create(
            number=next_number("ZG", timezone.localdate().year),
            inspection=inspection,
            body=inspection.body,
            requirements="\n".join(
                f"{n}. {f.item.text + '：' if f.item else ''}{f.description}"
                for n, f in enumerate(serious, 1)
            ),
            deadline=deadline,
            issued_by=user,
        )
        order.findings.set(serious)
        notices.order_issued(order=order)
    issue_report(inspection=inspection)
    return inspection


@transaction.atomic
def close_inspection(*, inspection: Inspection, user, note: str = "") -> Inspection:
    return perform(inspection, "close", by=user, reason=note)


@transaction.atomic
def cancel_inspection(*, inspection: Inspection, user, reason: str) -> Inspection:
    return perform(inspection, "cancel", by=user, reason=reason)
