"""Issue a report: freeze its content, hash it, give it a verification code; a change makes a revision."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from audits.models import Evaluation, Inspection, Report, ReportKind
from audits.reports.content import evaluation_content, inspection_content


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


@transaction.atomic
def issue_report(*, inspection: Inspection | None = None, evaluation: Evaluation | None = None) -> Report:
    """The current revision of the report, issuing a new one when the content has changed since."""
    if inspection is not None:
        kind, content, source = ReportKind.INSPECTION, inspection_content(inspection), inspection
        subject = inspection.body.name
    else:
        kind, content, source = ReportKind.EVALUATION, evaluation_content(evaluation), evaluation
        subject = f"{evaluation.body.name}（{evaluation.year}）"
    digest = content_hash(content)
    latest = Report.objects.select_for_update().filter(number=source.number).order_by("-revision").first()
    if latest is not None and latest.content_sha256 == digest:
        return latest
    return Report.objects.create(
        kind=kind,
        inspection=inspection,
        evaluation=evaluation,
        number=source.number,
        revision=(latest.revision + 1) if latest else 1,
        subject=subject,
        issued_on=timezone.localdate(),
        content=content,
        content_sha256=digest,
    )


def current_report(source: Inspection | Evaluation) -> Report | None:
    return source.reports.order_by("-revision").first()
