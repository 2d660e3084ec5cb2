"""The content of a report, frozen as plain data when it is issued.

Reports are official Chinese documents whatever language the officer's page is in, so labels are
resolved in Simplified Chinese here; the PDF is rendered from this data alone, so its hash is the hash
of what the PDF says.
"""

from django.conf import settings
from django.utils import timezone, translation

from audits.models import AnswerResult, Evaluation, Grade, Inspection
from common.forms import REVIEW_AREAS

REPORT_LANGUAGE = "zh-hans"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _person_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_username()


def body_facts(body) -> dict:
    return {
        "name": body.name,
        "credit_code": body.credit_code,
        "filing_no": body.filing_no or "",
        "kind": str(body.get_kind_display()),
        "district": body.district.name,
        "address": body.address,
        "valid": f"{_day(body.valid_from)} – {_day(body.valid_to)}",
    }


def inspection_content(inspection: Inspection) -> dict:
    with translation.override(REPORT_LANGUAGE):
        session = inspection.session
        answers = {a.item_id: a for a in inspection.answers.all()}
        checklist = []
        counts = {r: 0 for r in AnswerResult.values}
        for item in inspection.template.items.all():
            answer = answers.get(item.pk)
            if answer:
                counts[answer.result] += 1
            checklist.append(
                {
                    "n": item.position,
                    "area": item.area,
                    "text": item.text,
                    "result": answer.result if answer else "",
                    "result_label": str(answer.get_result_display()) if answer else "",
                    "note": answer.note if answer else "",
                }
            )
        findings = []
        for n, finding in enumerate(
            inspection.findings.select_related("item").prefetch_related("evidence"), start=1
        ):
            findings.append(
                {
                    "n": n,
                    "severity": finding.severity,
                    "severity_label": str(finding.get_severity_display()),
                    "item": finding.item.position if finding.item else None,
                    "description": finding.description,
                    "evidence": [
                        {"id": e.pk, "sha256": e.sha256, "type": e.content_type, "name": e.original_name}
                        for e in finding.evidence.all()
                    ],
                }
            )
        orders = [
            {"number": o.number, "deadline": _day(o.deadline), "requirements": o.requirements}
            for o in inspection.orders.order_by("pk")
        ]
        certification = inspection.supervisor_certification
        return {
            "kind": "inspection",
            "number": inspection.number,
            "inspection_kind": str(inspection.get_kind_display()),
            "planned_for": _day(inspection.planned_for),
            "topic": inspection.topic,
            "body": body_facts(inspection.body),
            "session": {
                "occupation": f"{session.occupation.code} {session.occupation.name}",
                "level": str(session.get_level_display()),
                "date": _day(session.date),
                "venue": session.venue,
                "candidates": session.candidates,
                "rooms": session.practical_rooms,
            }
            if session
            else None,
            "checklist_title": f"{inspection.template.title}（第 {inspection.template.version} 版）",
            "checklist": checklist,
            "counts": counts,
            "findings": findings,
            "orders": orders,
            "summary": inspection.summary,
            "supervisor": {
                "name": inspection.supervisor.name if inspection.supervisor else "",
                "certificate_no": certification.certificate_no if certification else "",
            },
            "signed_name": inspection.signed_name,
            "signed_at": _when(inspection.signed_at),
            "review": {
                "by": _person_name(inspection.reviewed_by),
                "at": _when(inspection.reviewed_at),
                "note": inspection.review_note,
            }
            if inspection.reviewed_at
            else None,
        }


def evaluation_content(evaluation: Evaluation) -> dict:
    with translation.override(REPORT_LANGUAGE):
        labels = dict(REVIEW_AREAS)
        weights = settings.EVALUATION_AREA_WEIGHTS
        return {
            "kind": "evaluation",
            "number": evaluation.number,
            "year": evaluation.year,
            "body": body_facts(evaluation.body),
            "self_assessed_at": _when(evaluation.self_assessed_at),
            "self_assessment": evaluation.self_assessment,
            "scores": [
                {
                    "area": str(labels[area]),
                    "weight": f"{round(weights[area] * 100)}%",
                    "score": evaluation.scores.get(area),
                }
                for area in weights
            ],
            "total": str(evaluation.total) if evaluation.total is not None else "",
            "bands": "，".join(
                f"{Grade(grade).label} ≥ {floor}" for grade, floor in settings.EVALUATION_GRADE_BANDS if floor
            ),
            "grade": evaluation.grade,
            "grade_label": str(evaluation.get_grade_display()) if evaluation.grade else "",
            "experts": evaluation.experts,
            "scored_by": _person_name(evaluation.scored_by),
            "scored_at": _when(evaluation.scored_at),
            "graded_by": _person_name(evaluation.graded_by),
            "graded_at": _when(evaluation.graded_at),
        }
