from django.urls import path

from audits.views import reports

app_name = "audits"

urlpatterns = [
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
]
