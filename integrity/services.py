"""The integrity service other apps call: record an entry; ask "score?" and "blacklisted?".

This app imports nothing from the others: a subject is (type, id, name, code). Consequences for the
subject (suspension, rectification, exclusion from the draw) are applied by the subject's own app,
which calls these functions and then its own state machine.
"""

import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.transitions import perform
from common.uploads import check_document
from integrity import chain, notices
from integrity.models import Entry, EntryKind, LinkKind
from notifications.models import Kind


def windows(kind: str, occurred_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(credit repair possible from, published until) for an entry of `kind` that occurred on a date."""
    minimum, maximum = settings.INTEGRITY_WINDOWS_MONTHS[kind]
    return occurred_on + relativedelta(months=minimum), occurred_on + relativedelta(months=maximum)


@transaction.atomic
def record_entry(
    *,
    subject_type: str,
    subject_id: int,
    subject_name: str,
    subject_code: str = "",
    kind: str,
    basis: str,
    description: str,
    occurred_on: datetime.date,
    recorded_by=None,
    points: int | None = None,
    evidence_ref: str = "",
    evidence_file: UploadedFile | None = None,
    corrects: Entry | None = None,
) -> Entry:
    """Append an entry to the subject's chain. Entries are never edited; a correction is a new entry."""
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Unknown kind of entry.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if corrects is not None and (corrects.subject_type, corrects.subject_id) != (subject_type, subject_id):
        raise ValidationError(_("A correction must concern the same subject."))
    evidence_sha256 = ""
    if evidence_file is not None:
        check_document(evidence_file)
        evidence_file.seek(0)
        evidence_sha256 = hashlib.sha256(evidence_file.read()).hexdigest()
        evidence_file.seek(0)
    repairable_from, published_until = windows(kind, occurred_on)
    entry = Entry(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=subject_name,
        subject_code=subject_code,
        kind=kind,
        points=settings.INTEGRITY_POINTS[kind] if points is None else points,
        basis=basis,
        evidence_ref=evidence_ref,
        evidence_sha256=evidence_sha256,
        description=description.strip(),
        occurred_on=occurred_on,
        published_until=published_until,
        repairable_from=repairable_from,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
        corrects=corrects,
    )
    values = {f: getattr(entry, f) for f in Entry.HASHED_FIELDS}
    entry.link = chain.append(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=LinkKind.ENTRY,
        payload=chain.entry_payload(values),
    )
    if evidence_file is not None:
        entry.evidence_file.save(f"{evidence_sha256[:16]}", evidence_file, save=False)
    entry.save()
    return entry


def active_entries(subject_type: str, subject_id: int | None = None, *, day: datetime.date | None = None):
    """Entries in force on `day`: within their window, not lifted by repair, objection or correction."""
    day = day or timezone.localdate()
    qs = Entry.objects.filter(
        subject_type=subject_type, lifted_on__isnull=True, occurred_on__lte=day, published_until__gte=day
    )
    return qs if subject_id is None else qs.filter(subject_id=subject_id)


def score(subject_type: str, subject_id: int, *, day: datetime.date | None = None) -> int:
    """100 plus the points of the active entries, clamped to 0–100."""
    total = active_entries(subject_type, subject_id, day=day).aggregate(total=Sum("points"))["total"] or 0
    return max(0, min(100, 100 + total))


def is_blacklisted(subject_type: str, subject_id: int, *, day: datetime.date | None = None) -> bool:
    """An active serious entry puts the subject on the 失信 list: no draw, no recommending, no filing."""
    return active_entries(subject_type, subject_id, day=day).filter(kind=EntryKind.SERIOUS).exists()


def is_code_blacklisted(subject_type: str, code: str, *, day: datetime.date | None = None) -> bool:
    """By credit code or ID number: for an organisation not yet (or no longer) registered under an id."""
    day = day or timezone.localdate()
    return Entry.objects.filter(
        subject_type=subject_type,
        subject_code=code,
        kind=EntryKind.SERIOUS,
        lifted_on__isnull=True,
        occurred_on__lte=day,
        published_until__gte=day,
    ).exists()


def blacklisted_ids(subject_type: str | list[str], *, day: datetime.date | None = None) -> set[int]:
    """Every blacklisted subject of a type (or types), in one query: for the draw and for lists."""
    types = [subject_type] if isinstance(subject_type, str) else subject_type
    day = day or timezone.localdate()
    qs = Entry.objects.filter(
        Q(subject_type__in=types),
        kind=EntryKind.SERIOUS,
        lifted_on__isnull=True,
        occurred_on__lte=day,
        published_until__gte=day,
    )
    return set(qs.values_list("subject_id", flat=True))


def consequences(subject_type: str, subject_id: int, *, by=None) -> None:
    """Let the subject's app apply what its record now implies (see integrity.consequences)."""
    from integrity import consequences as registry_of_handlers

    registry_of_handlers.apply(subject_type, subject_id, by=by)


@transaction.atomic
def record_and_apply(**kwargs) -> Entry:
    """record_entry, then the consequences for the subject: what pages and other apps call."""
    entry = record_entry(**kwargs)
    consequences(entry.subject_type, entry.subject_id, by=kwargs.get("recorded_by"))
    return entry


def _decision_link(entry: Entry, kind: str, payload: dict) -> None:
    chain.append(subject_type=entry.subject_type, subject_id=entry.subject_id, kind=kind, payload=payload)


@transaction.atomic
def file_objection(*, entry: Entry, user, grounds: str):
    """申诉: within the objection period after the entry was recorded."""
    from integrity.models import Objection, ObjectionStatus

    if not grounds.strip():
        raise ValidationError({"grounds": _("Give the grounds of the objection.")})
    deadline = timezone.localtime(entry.recorded_at).date() + datetime.timedelta(
        days=settings.INTEGRITY_OBJECTION_DAYS
    )
    if timezone.localdate() > deadline:
        raise ValidationError(_("The objection period ended on %(date)s.") % {"date": deadline})
    if entry.objections.filter(status=ObjectionStatus.FILED).exists():
        raise ValidationError(_("An objection to this entry is already waiting for a decision."))
    objection = Objection.objects.create(entry=entry, grounds=grounds.strip(), filed_by=user)
    _decision_link(
        entry,
        LinkKind.OBJECTION,
        {"objection": objection.pk, "entry": entry.pk, "grounds": objection.grounds},
    )
    return objection


@transaction.atomic
def decide_objection(*, objection, user, outcome: str, reason: str):
    """The centre upholds the entry or overturns it (then it is lifted: hidden, points restored)."""
    if outcome not in ("uphold", "overturn"):
        raise ValidationError(_("Unknown action."))
    perform(objection, outcome, by=user, reason=reason)
    entry = objection.entry
    _decision_link(
        entry,
        LinkKind.OBJECTION_DECISION,
        {"objection": objection.pk, "entry": entry.pk, "outcome": objection.status, "reason": reason.strip()},
    )
    if outcome == "overturn":
        _lift(entry, "objection")
    consequences(entry.subject_type, entry.subject_id, by=user)
    notices.appeal_decided(
        entry=entry, kind=Kind.OBJECTION_DECIDED, outcome_label=objection.get_status_display(), reason=reason
    )
    return objection


@transaction.atomic
def apply_for_repair(*, entry: Entry, user, pledge: str):
    """信用修复: after the minimum window, with a pledge of good faith."""
    from integrity.models import Repair, RepairStatus

    today = timezone.localdate()
    if not pledge.strip():
        raise ValidationError({"pledge": _("The application needs a pledge of good faith.")})
    if entry.kind == EntryKind.COMMENDATION or not entry.is_active(today):
        raise ValidationError(_("Only an entry in force can be repaired."))
    if today < entry.repairable_from:
        raise ValidationError(_("Credit repair is possible from %(date)s.") % {"date": entry.repairable_from})
    if entry.repairs.filter(status=RepairStatus.APPLIED).exists():
        raise ValidationError(_("A repair application for this entry is already waiting for a decision."))
    repair = Repair.objects.create(entry=entry, pledge=pledge.strip(), applied_by=user)
    _decision_link(entry, LinkKind.REPAIR, {"repair": repair.pk, "entry": entry.pk, "pledge": repair.pledge})
    return repair


@transaction.atomic
def decide_repair(*, repair, user, outcome: str, reason: str = ""):
    if outcome not in ("grant", "refuse"):
        raise ValidationError(_("Unknown action."))
    perform(repair, outcome, by=user, reason=reason)
    entry = repair.entry
    _decision_link(
        entry,
        LinkKind.REPAIR_DECISION,
        {"repair": repair.pk, "entry": entry.pk, "outcome": repair.status, "reason": reason.strip()},
    )
    if outcome == "grant":
        _lift(entry, "repair")
    consequences(entry.subject_type, entry.subject_id, by=user)
    notices.appeal_decided(
        entry=entry, kind=Kind.REPAIR_DECIDED, outcome_label=repair.get_status_display(), reason=reason
    )
    return repair


def _lift(entry: Entry, how: str) -> None:
    entry.lifted_on, entry.lifted_by = timezone.localdate(), how
    entry.save(update_fields=["lifted_on", "lifted_by"])


def expire_windows(*, today: datetime.date | None = None) -> list[Entry]:
    """Entries whose publication window has ended: apply the consequences once (idempotent)."""
    today = today or timezone.localdate()
    ended = list(Entry.objects.filter(published_until__lt=today, expiry_applied=False).order_by("pk"))
    subjects = {(e.subject_type, e.subject_id) for e in ended}
    with transaction.atomic():
        Entry.objects.filter(pk__in=[e.pk for e in ended]).update(expiry_applied=True)
        for subject_type, subject_id in sorted(subjects):
            consequences(subject_type, subject_id)
    return ended
