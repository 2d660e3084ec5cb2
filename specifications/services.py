"""Writes to specifications: proposing, revising and correcting a version, appointing experts, their
opinions and votes, and each step of the development workflow.

Every function is keyword-only, runs in one transaction and is called explicitly by views, the demo and
tests; a refused call leaves everything as it was.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_centre, is_expert
from common.transition_log import previous_effective_day
from common.transitions import perform
from common.uploads import check_document
from registry.models import AssessmentBody, Counter, Occupation
from registry.permissions import administers
from specifications import notices
from specifications import permissions as perm
from specifications.duplicates import find_duplicates
from specifications.models import (
    EDITABLE_STATUSES,
    FROZEN_MESSAGE,
    FROZEN_STATUSES,
    OPEN_STATUSES,
    AbilityUnit,
    ExpertAppointment,
    Opinion,
    Specification,
    SpecificationStatus,
    SpecificationVersion,
    Vote,
)

S = SpecificationStatus
# The steps run from a confirmation page; filing and publishing ask for their dates on theirs.
PAGE_ACTIONS = [
    "start_argument",
    "start_review",
    "file_with_ministry",
    "publish",
    "retire",
    "return_for_changes",
    "reject",
    "resubmit",
]


@dataclass(frozen=True)
class Unit:
    name: str
    work_content: str
    skill_requirements: str
    knowledge_requirements: str


@dataclass(frozen=True)
class Content:
    """What a proposal says: the parts of a version its proposer writes."""

    necessity: str
    audience: str
    panel_size: int
    method: str
    duration_minutes: int
    site_and_equipment: str
    units: list[Unit] = field(default_factory=list)
    occupations: list[Occupation] = field(default_factory=list)


def next_code(day: datetime.date) -> str:
    """The next code of the year, in SPECIFICATION_CODE_FORMAT (CQZX-2026-001)."""
    seq = Counter.next(f"specification-{day.year}")
    return settings.SPECIFICATION_CODE_FORMAT.format(year=day.year, seq=seq)


def duplicates_of(version: SpecificationVersion) -> list[dict]:
    """The matches of the version's name against the 大典 and every other specification not rejected."""
    others = []
    alive = SpecificationVersion.objects.filter(specification=OuterRef("pk")).exclude(status=S.REJECTED)
    specs = Specification.objects.exclude(pk=version.specification_id).filter(Exists(alive))
    for spec in specs.prefetch_related("versions__occupations"):
        related = {o.pk for v in spec.versions.all() for o in v.occupations.all()}
        others.append((spec.pk, spec.code, spec.name, related))
    matches = find_duplicates(
        version.specification.name,
        occupation_ids=list(version.occupations.values_list("pk", flat=True)),
        specifications=others,
    )
    return [m.as_dict() for m in matches]


def _check_content(content: Content) -> None:
    problems = {}
    for name in ("necessity", "audience", "method", "site_and_equipment"):
        if not str(getattr(content, name)).strip():
            problems[name] = _("This field is required.")
    if not content.units:
        problems["units"] = _("Describe at least one ability unit.")
    elif any(
        not (u.name.strip() and u.work_content.strip() and u.skill_requirements.strip())
        or not u.knowledge_requirements.strip()
        for u in content.units
    ):
        problems["units"] = _("Each ability unit needs its name, work content, skills and knowledge.")
    if content.panel_size is None or content.panel_size < settings.SPECIFICATION_MIN_EXAMINERS:
        problems["panel_size"] = _("At least %(n)s examiners per panel.") % {
            "n": settings.SPECIFICATION_MIN_EXAMINERS
        }
    if not content.duration_minutes or content.duration_minutes <= 0:
        problems["duration_minutes"] = _("Give the duration in minutes.")
    if problems:
        raise ValidationError(problems)


def _attach_draft(version: SpecificationVersion, upload: UploadedFile) -> None:
    try:
        checked = check_document(upload, max_bytes=settings.SPECIFICATION_DRAFT_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"draft": exc.messages}) from exc
    if checked.extension != "pdf":
        raise ValidationError({"draft": _("The draft must be a PDF.")})
    upload.seek(0)
    version.draft_sha256 = checked.sha256
    version.draft_size = checked.size
    version.draft_name = (upload.name or "draft.pdf")[:200]
    version.draft.save("draft.pdf", ContentFile(upload.read()), save=False)


def _write_content(version: SpecificationVersion, content: Content) -> None:
    """The content onto `version` (saved), its units and occupations replaced."""
    if version.pk is not None and version.status in FROZEN_STATUSES:
        raise ValidationError(FROZEN_MESSAGE, code="frozen")  # units and occupations are bulk writes
    for name in ("necessity", "audience", "method", "site_and_equipment"):
        setattr(version, name, str(getattr(content, name)).strip())
    version.panel_size = content.panel_size
    version.duration_minutes = content.duration_minutes
    version.save()
    version.units.all().delete()
    AbilityUnit.objects.bulk_create(
        AbilityUnit(
            version=version,
            position=position,
            name=u.name.strip(),
            work_content=u.work_content.strip(),
            skill_requirements=u.skill_requirements.strip(),
            knowledge_requirements=u.knowledge_requirements.strip(),
        )
        for position, u in enumerate(content.units, start=1)
    )
    version.occupations.set(content.occupations)
    version.duplicates = duplicates_of(version)
    version.save(update_fields=["duplicates"])


def _may_speak_for(user, body: AssessmentBody | None) -> None:
    if body is not None and not administers(user, body):
        raise PermissionDenied(_("You may propose only for a body you administer."))
    if body is None and not is_centre(user):
        raise PermissionDenied(_("Propose on behalf of a body you administer."))


@transaction.atomic
def propose(
    *,
    user,
    name: str,
    content: Content,
    draft: UploadedFile | None,
    body: AssessmentBody | None = None,
    received_on: datetime.date | None = None,
) -> SpecificationVersion:
    """征集: a new specification, proposed by a body's administrator for the body or by the centre.

    `received_on` is the day the proposal came in when it is entered later (default today); its year is
    the code's."""
    _may_speak_for(user, body)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError(_("A proposal cannot be received on a day still to come."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the specification's name.")})
    _check_content(content)
    if draft is None:
        raise ValidationError({"draft": _("Attach the draft specification (PDF).")})
    specification = Specification.objects.create(code=next_code(received_on), name=name)
    version = SpecificationVersion(specification=specification, number=1, proposed_by=user, body=body)
    _attach_draft(version, draft)
    _write_content(version, content)
    return version


@transaction.atomic
def revise(
    *,
    user,
    specification: Specification,
    content: Content,
    draft: UploadedFile | None,
    body: AssessmentBody | None = None,
) -> SpecificationVersion:
    """A revision of a published specification: a new version that goes through the workflow again."""
    _may_speak_for(user, body)
    if not specification.versions.filter(status=S.PUBLISHED).exists():
        raise ValidationError(_("Only a published specification can be revised."))
    if specification.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("This specification already has a version in progress."))
    _check_content(content)
    if draft is None:
        raise ValidationError({"draft": _("Attach the draft specification (PDF).")})
    number = (specification.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = SpecificationVersion(specification=specification, number=number, proposed_by=user, body=body)
    _attach_draft(version, draft)
    try:
        with transaction.atomic():
            _write_content(version, content)
    except IntegrityError as exc:  # another revision started a moment ago
        raise ValidationError(_("This specification already has a version in progress.")) from exc
    return version


@transaction.atomic
def edit(
    *, version: SpecificationVersion, user, content: Content, name: str | None = None, draft=None
) -> SpecificationVersion:
    """The proposer corrects a proposal not yet taken up, or one returned for changes."""
    if not perm.proposes_for(version, user):
        raise PermissionDenied(_("You may not do this."))
    if version.status not in EDITABLE_STATUSES:
        raise ValidationError(
            FROZEN_MESSAGE
            if version.status in FROZEN_STATUSES
            else _("A proposal can be changed before the centre takes it up, or when it is returned.")
        )
    _check_content(content)
    if name is not None and name.strip() and name.strip() != version.specification.name:
        if version.specification.versions.exclude(pk=version.pk).exists():
            raise ValidationError({"name": _("A revision keeps the specification's name.")})
        version.specification.name = name.strip()
        version.specification.save()
    if draft is not None:
        _attach_draft(version, draft)
    _write_content(version, content)
    return version


# --- experts -----------------------------------------------------------------------------------------


def _centre_only(user) -> None:
    if not is_centre(user):
        raise PermissionDenied(_("You may not do this."))


@transaction.atomic
def appoint_experts(*, version: SpecificationVersion, user, experts) -> list:
    """The centre's choice of experts for a version: new ones are appointed, those left out are removed
    unless they have already given an opinion or a vote. Returns the newly appointed."""
    _centre_only(user)
    if version.status not in (S.PROPOSED, S.ARGUED):
        raise ValidationError(_("Experts are appointed before the review."))
    wanted = {e.pk: e for e in experts}
    if any(not is_expert(e) for e in wanted.values()):
        raise ValidationError({"experts": _("Only accounts with the expert role can be appointed.")})
    current = set(version.appointments.values_list("expert_id", flat=True))
    leaving = current - set(wanted)
    spoke = set(version.opinions.values_list("expert_id", flat=True)) | set(
        version.votes.values_list("expert_id", flat=True)
    )
    if leaving & spoke:
        raise ValidationError({"experts": _("An expert who has given an opinion or a vote stays appointed.")})
    version.appointments.filter(expert_id__in=leaving).delete()
    new = [wanted[pk] for pk in wanted if pk not in current]
    ExpertAppointment.objects.bulk_create(
        ExpertAppointment(version=version, expert=expert, appointed_by=user) for expert in new
    )
    if new:
        notices.experts_appointed(version=version, experts=new)
    return new


@transaction.atomic
def form_panel(*, version: SpecificationVersion, user, experts) -> None:
    """评审: the panel, an odd number (at least SPECIFICATION_MIN_REVIEW_PANEL) of the appointed experts."""
    _centre_only(user)
    if version.status != S.ARGUED:
        raise ValidationError(_("The panel is formed at the end of the argument (论证)."))
    chosen = {e.pk for e in experts}
    appointed = set(version.appointments.values_list("expert_id", flat=True))
    if not chosen <= appointed:
        raise ValidationError({"experts": _("The panel is chosen from the appointed experts.")})
    minimum = settings.SPECIFICATION_MIN_REVIEW_PANEL
    if len(chosen) < minimum or len(chosen) % 2 == 0:
        raise ValidationError(
            {"experts": _("The panel has an odd number of members, at least %(n)s.") % {"n": minimum}}
        )
    version.appointments.update(on_panel=False)
    version.appointments.filter(expert_id__in=chosen).update(on_panel=True)


@transaction.atomic
def record_opinion(*, version: SpecificationVersion, user, verdict: str, text: str) -> Opinion:
    """论证: an appointed expert's opinion of this round; one each, kept as given."""
    version = SpecificationVersion.objects.select_for_update().get(pk=version.pk)
    if not perm.is_appointed(version, user):
        raise PermissionDenied(_("You may not do this."))
    if version.status != S.ARGUED:
        raise ValidationError(_("Opinions are recorded during the argument (论证)."))
    if not text.strip():
        raise ValidationError({"text": _("Write your opinion.")})
    if version.round_opinions().filter(expert=user).exists():
        raise ValidationError(_("You have already given your opinion in this round."))
    return Opinion.objects.create(
        version=version, round=version.round, expert=user, verdict=verdict, text=text.strip()
    )


@transaction.atomic
def cast_vote(*, version: SpecificationVersion, user, passes: bool, comment: str) -> Vote:
    """评审: a panel member's vote of this round; one each, every vote kept."""
    version = SpecificationVersion.objects.select_for_update().get(pk=version.pk)
    if not perm.is_on_panel(version, user):
        raise PermissionDenied(_("You may not do this."))
    if version.status != S.UNDER_REVIEW or version.voting_closed_at is not None:
        raise ValidationError(_("Voting is not open."))
    if not comment.strip():
        raise ValidationError({"comment": _("Give a comment with your vote.")})
    if version.round_votes().filter(expert=user).exists():
        raise ValidationError(_("You have already voted in this round."))
    return Vote.objects.create(
        version=version, round=version.round, expert=user, passes=passes, comment=comment.strip()
    )


@transaction.atomic
def close_voting(*, version: SpecificationVersion, user) -> SpecificationVersion:
    """The centre ends the voting before every member has voted: the majority is counted as it stands."""
    _centre_only(user)
    version = SpecificationVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != S.UNDER_REVIEW or version.voting_closed_at is not None:
        raise ValidationError(_("Voting is not open."))
    version.voting_closed_at = timezone.now()
    version.voting_closed_by = user
    version.save(update_fields=["voting_closed_at", "voting_closed_by"])
    return version


# --- the workflow's steps ------------------------------------------------------------------------------


def _not_before_the_last_step(version: SpecificationVersion, on: datetime.date | None, field: str) -> None:
    """A step dated on purpose cannot take effect before the step it follows (the log would move it up)."""
    previous = previous_effective_day(version)
    if on is not None and previous is not None and on < previous:
        raise ValidationError(
            {field: _("It cannot take effect before the previous step (%(date)s).") % {"date": previous}}
        )


@transaction.atomic
def act(
    *,
    version: SpecificationVersion,
    user,
    action: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> SpecificationVersion:
    """One step that needs nothing but its reason and date: start the argument or the review, return,
    reject, resubmit, retire."""
    if action not in ("start_argument", "start_review", "return_for_changes", "reject", "resubmit", "retire"):
        raise ValueError(action)
    _not_before_the_last_step(version, on, "on")
    perform(version, action, by=user, reason=reason, on=on)
    if action == "resubmit":
        version.appointments.update(on_panel=False)
        version.duplicates = duplicates_of(version)
        version.save(update_fields=["duplicates"])
    notices.step_taken(version=version, action=action, reason=reason)
    if action == "start_argument":
        notices.opinions_requested(version=version)
    elif action == "start_review":
        notices.votes_requested(version=version)
    return version


@transaction.atomic
def file_with_ministry(
    *, version: SpecificationVersion, user, filed_on: datetime.date | None, reference: str, reason: str = ""
) -> SpecificationVersion:
    """报备: the date it was filed with the ministry (its effective date) and the reference number."""
    problems = {}
    if filed_on is None:
        problems["filed_on"] = _("Give the date of the filing.")
    if not (reference or "").strip():
        problems["reference"] = _("Give the filing's reference number.")
    if problems:
        raise ValidationError(problems)
    _not_before_the_last_step(version, filed_on, "filed_on")
    perform(version, "file_with_ministry", by=user, reason=reason, reference=reference, on=filed_on)
    notices.step_taken(version=version, action="file_with_ministry")
    return version


@transaction.atomic
def publish(
    *, version: SpecificationVersion, user, on: datetime.date | None = None, reason: str = ""
) -> SpecificationVersion:
    """Publish: available for scope from `on`; the version it revises is retired the same day."""
    on = on or timezone.localdate()
    _not_before_the_last_step(version, on, "on")
    replaced = list(
        version.specification.versions.filter(status=S.PUBLISHED).exclude(pk=version.pk).order_by("number")
    )
    perform(version, "publish", by=user, reason=reason, on=on)
    for old in replaced:
        perform(
            old,
            "retire",
            by=user,
            reason=_("Replaced by version %(number)s.") % {"number": version.number},
            on=on,
        )
    notices.step_taken(version=version, action="publish")
    return version
