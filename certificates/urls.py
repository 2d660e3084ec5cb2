"""The certificate side: result rosters, findings and audit cases (mounted at /certificates/)."""

from django.urls import path

from certificates.views import audit, jobs

app_name = "certificates"

urlpatterns = [
    path("rosters/", audit.roster_list, name="roster_list"),
    path("rosters/upload/", audit.roster_upload, name="roster_upload"),
    path("rosters/errors/<str:token>/", audit.roster_errors, name="roster_errors"),
    path("rosters/template.<str:fmt>", audit.roster_template, name="roster_template"),
    path("rosters/<int:pk>/", audit.roster_detail, name="roster_detail"),
    path("findings/", audit.findings, name="findings"),
    path("audit/run/", jobs.run_audit, name="run_audit"),
    path("export/", jobs.export_registry, name="export"),
    path("cases/", audit.case_list, name="case_list"),
    path("cases/new/", audit.case_new, name="case_new"),
    path("cases/<int:pk>/", audit.case_detail, name="case_detail"),
    path("cases/<int:pk>/<str:action>/", audit.case_action, name="case_action"),
]
