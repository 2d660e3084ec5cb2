"""The yearly evaluation of filed bodies: scheduling, self-assessment, scores, grade, publication."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from audits.models import Evaluation, Grade, ProposalReason
from audits.reports.issue import issue_report
from audits.services.inspections import next_number
from audits.services.orders import propose_suspension
from common.transitions import perform
from common.uploads import check_document
from registry import services as registry
from registry.models import AssessmentBody, BodyStatus

# Bodies evaluated each year: filed and still holding their filing.
EVALUATED = [BodyStatus.ACTIVE, BodyStatus.RECTIFYING, BodyStatus.SUSPENDED]


@transaction.atomic
def schedule_evaluations(*, user, year: int, due_on: datetime.date, bodies=None) -> list[Evaluation]:
    """One evaluation per filed body for the year; bodies already scheduled are left alone."""
    if not is_centre(user):
        raise PermissionDenied(_("You may not do this."))
    bodies = bodies if bodies is not None else AssessmentBody.objects.filter(status__in=EVALUATED)
    done = set(Evaluation.objects.filter(year=year).values_list("body_id", flat=True))
    made = []
    for body in bodies.exclude(pk__in=done).order_by("pk"):
        made.append(
            Evaluation.objects.create(
                number=next_number("PG", year), body=body, year=year, due_on=due_on, scheduled_by=user
            )
        )
    return made


@transaction.atomic
def submit_self_assessment(
    *, evaluation: Evaluation, user, text: str, upload: UploadedFile | None = None
) -> Evaluation:
    evaluation.self_assessment = text.strip()
    if not evaluation.self_assessment:
        raise ValidationError({"text": _("Write the self-assessment.")})
    if upload is not None:
        checked = check_document(upload)
        if checked.extension != "pdf":
            raise ValidationError({"document": _("The supporting document must be a PDF.")})
        upload.seek(0)
        evaluation.self_assessment_sha256 = checked.sha256
        evaluation.self_assessment_file.save("self", ContentFile(upload.read()), save=False)
    return perform(evaluation, "submit_self_assessment", by=user)


@transaction.atomic
def record_scores(*, evaluation: Evaluation, user, scores: dict[str, int], experts: str) -> Evaluation:
    """The experts' scores of the six areas, each 0–100; the weighted total follows from settings."""
    areas = settings.EVALUATION_AREA_WEIGHTS
    missing = [a for a in areas if scores.get(a) is None]
    if missing:
        raise ValidationError(_("Score all six areas."))
    if any(not 0 <= int(scores[a]) <= 100 for a in areas):
        raise ValidationError(_("Each score is between 0 and 100."))
    if not experts.strip():
        raise ValidationError({"experts": _("Name the experts who scored.")})
    evaluation.scores = {a: int(scores[a]) for a in areas}
    evaluation.experts = experts.strip()
    return perform(evaluation, "score", by=user)


@transaction.atomic
def grade_evaluation(*, evaluation: Evaluation, user) -> Evaluation:
    perform(evaluation, "assign_grade", by=user)
    issue_report(evaluation=evaluation)
    return evaluation


@transaction.atomic
def publish_evaluation(*, evaluation: Evaluation, user) -> Evaluation:
    """Publish the result; 基本合格 puts the body into rectification, 不合格 proposes its suspension."""
    perform(evaluation, "publish_result", by=user)
    body = evaluation.body
    if evaluation.grade == Grade.BASICALLY_QUALIFIED and body.status == BodyStatus.ACTIVE:
        registry.act_on_body(
            body=body,
            user=user,
            action="order_rectification",
            reason=_("Evaluation %(year)s graded basically qualified (%(total)s).")
            % {"year": evaluation.year, "total": evaluation.total},
        )
    elif evaluation.grade == Grade.UNQUALIFIED:
        propose_suspension(body=body, reason=ProposalReason.EVALUATION_FAILED, evaluation=evaluation)
    return evaluation
