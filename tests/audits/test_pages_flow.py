"""The audits pages driven through the test client, the way each role uses them, start to end."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Evaluation, Inspection, RectificationOrder, SuspensionProposal
from tests import factories as f

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def test_inspection_from_plan_to_suspension_proposal_through_the_pages(client):
    centre = f.centre_officer()
    cert = f.supervisor()
    body = f.filed_body()
    admin = body.applications.first().applicant
    client.force_login(centre)
    ok(client.get(reverse("audits:dashboard")))
    ok(client.get(reverse("audits:inspection_new") + f"?body={body.pk}"))
    planned_for = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("audits:inspection_new"), {"kind": "annual", "body": body.pk, "planned_for": planned_for}
    )
    inspection = Inspection.objects.get()
    assert response.url == inspection.get_absolute_url()
    ok(client.get(inspection.get_absolute_url()))
    ok(client.get(reverse("audits:inspection_assign", args=[inspection.pk])))
    ok(
        client.post(
            reverse("audits:inspection_assign", args=[inspection.pk]),
            {"certification": cert.pk, "expected_status": "planned"},
        ),
        302,
    )
    inspection.refresh_from_db()
    assert inspection.supervisor_id == cert.person_id

    client.force_login(cert.person.account)
    ok(client.get(reverse("audits:tasks")))
    ok(
        client.post(
            reverse("audits:inspection_action", args=[inspection.pk, "start"]),
            {"expected_status": "assigned"},
        ),
        302,
    )
    ok(client.get(reverse("audits:inspection_fill", args=[inspection.pk])))
    items = list(inspection.template.items.all())
    data = {f"result_{i.pk}": "yes" for i in items}
    data[f"result_{items[0].pk}"] = "no"
    data[f"note_{items[0].pk}"] = "备案地址与实际不符"
    ok(client.post(reverse("audits:inspection_fill", args=[inspection.pk]), {**data, "then": "stay"}), 302)
    ok(
        client.post(
            reverse("audits:finding_add", args=[inspection.pk]),
            {
                "severity": "major",
                "item": items[0].pk,
                "description": "地址变更未申报",
                "evidence": [f.png_upload()],
            },
        ),
        302,
    )
    ok(client.get(reverse("audits:inspection_submit", args=[inspection.pk])))
    ok(
        client.post(
            reverse("audits:inspection_submit", args=[inspection.pk]),
            {
                "summary": "",
                "signed_name": cert.person.name,
                "pledge": "on",
                "expected_status": "in_progress",
            },
        ),
        302,
    )
    inspection.refresh_from_db()
    assert inspection.status == "submitted"

    client.force_login(centre)
    ok(client.get(reverse("audits:inspection_action", args=[inspection.pk, "review"])))
    ok(
        client.post(
            reverse("audits:inspection_action", args=[inspection.pk, "review"]),
            {"expected_status": "submitted", "reason": "属实"},
        ),
        302,
    )
    order = RectificationOrder.objects.get()
    report = inspection.reports.order_by("-revision").first()
    pdf = ok(client.get(reverse("audits:report_pdf", args=[report.pk])))
    assert pdf["Content-Type"] == "application/pdf"
    ok(client.get(reverse("reports_verify", args=[report.code])))

    client.force_login(admin)
    ok(client.get(reverse("audits:my_audits")))
    ok(client.get(order.get_absolute_url()))
    ok(
        client.post(
            reverse("audits:order_respond", args=[order.pk]),
            {
                "response": "已办理地址变更",
                "document": f.pdf_upload("answer.pdf"),
                "expected_status": "issued",
            },
        ),
        302,
    )
    client.force_login(centre)
    ok(
        client.post(
            reverse("audits:order_action", args=[order.pk, "reject_response"]),
            {"expected_status": "responded", "reason": "未提供变更证明", "understood": "on"},
        ),
        302,
    )
    proposal = SuspensionProposal.objects.get()
    ok(client.get(reverse("audits:proposal_list")))
    ok(client.get(proposal.get_absolute_url()))
    ok(
        client.post(
            reverse("audits:proposal_action", args=[proposal.pk, "confirm_suspension"]),
            {"expected_status": "proposed", "reason": "拒不整改", "understood": "on"},
        ),
        302,
    )
    body.refresh_from_db()
    assert body.status == "suspended"
    for name in (
        "inspection_list",
        "order_list",
        "checklist_list",
        "plan_new",
        "evaluation_list",
        "evaluation_schedule",
    ):
        ok(client.get(reverse(f"audits:{name}")))
    ok(client.get(reverse("audits:checklist_detail", args=[inspection.template_id])))
    ok(client.get(reverse("audits:checklist_revise", args=[inspection.template_id])))


def test_evaluation_through_the_pages(client):
    centre, grader = f.centre_officer(), f.centre_officer()
    body = f.filed_body()
    admin = body.applications.first().applicant
    client.force_login(centre)
    year = timezone.localdate().year
    ok(client.post(reverse("audits:evaluation_schedule"), {"year": year, "due_on": f"{year}-12-31"}), 302)
    evaluation = Evaluation.objects.get(body=body)
    client.force_login(admin)
    ok(
        client.post(
            reverse("audits:evaluation_self_assess", args=[evaluation.pk]),
            {"text": "制度健全", "expected_status": "scheduled"},
        ),
        302,
    )
    client.force_login(centre)
    scores = {
        f"score_{a}": 80
        for a in (
            "organisation",
            "systems",
            "technical_support",
            "basic_conditions",
            "staff",
            "quality_management",
        )
    }
    ok(
        client.post(
            reverse("audits:evaluation_scores", args=[evaluation.pk]),
            {**scores, "experts": "张三、李四", "expected_status": "self_assessed"},
        ),
        302,
    )
    client.force_login(grader)
    ok(
        client.post(
            reverse("audits:evaluation_action", args=[evaluation.pk, "assign_grade"]),
            {"expected_status": "scored"},
        ),
        302,
    )
    ok(
        client.post(
            reverse("audits:evaluation_action", args=[evaluation.pk, "publish_result"]),
            {"expected_status": "graded"},
        ),
        302,
    )
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.grade) == ("published", "qualified")
    client.logout()
    page = ok(client.get(reverse("register:detail", args=[body.filing_no]))).content.decode()
    assert "80.0" in page
    ok(client.get(reverse("register:list")))
