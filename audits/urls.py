from django.urls import path

from audits.views import checklists, dashboard, evaluations, inspections, orders, reports

app_name = "audits"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("mine/", dashboard.my_audits, name="my_audits"),
    path("tasks/", inspections.tasks, name="tasks"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/assign/", inspections.inspection_assign, name="inspection_assign"),
    path("inspections/<int:pk>/fill/", inspections.inspection_fill, name="inspection_fill"),
    path("inspections/<int:pk>/findings/", inspections.finding_add, name="finding_add"),
    path("inspections/<int:pk>/submit/", inspections.inspection_submit, name="inspection_submit"),
    path("inspections/<int:pk>/<str:action>/", inspections.inspection_action, name="inspection_action"),
    path("findings/<int:pk>/delete/", inspections.finding_delete, name="finding_delete"),
    path("evidence/<int:pk>/", inspections.evidence_download, name="evidence_download"),
    path("plans/new/", inspections.plan_new, name="plan_new"),
    path("plans/<int:pk>/", inspections.plan_detail, name="plan_detail"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/respond/", orders.order_respond, name="order_respond"),
    path("orders/<int:pk>/response/", orders.order_response_download, name="order_response"),
    path("orders/<int:pk>/<str:action>/", orders.order_action, name="order_action"),
    path("proposals/", orders.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", orders.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/<str:action>/", orders.proposal_action, name="proposal_action"),
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/schedule/", evaluations.evaluation_schedule, name="evaluation_schedule"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/self-assessment/",
        evaluations.evaluation_self_assess,
        name="evaluation_self_assess",
    ),
    path("evaluations/<int:pk>/scores/", evaluations.evaluation_scores, name="evaluation_scores"),
    path(
        "evaluations/<int:pk>/document/",
        evaluations.self_assessment_download,
        name="self_assessment_download",
    ),
    path("evaluations/<int:pk>/<str:action>/", evaluations.evaluation_action, name="evaluation_action"),
    path("checklists/", checklists.checklist_list, name="checklist_list"),
    path("checklists/<int:pk>/", checklists.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/revise/", checklists.checklist_revise, name="checklist_revise"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("reports/bundle/", reports.report_bundle, name="report_bundle"),
]
