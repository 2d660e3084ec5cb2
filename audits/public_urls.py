from django.urls import path

from audits import views

urlpatterns = [
    path("verify/", views.report_verify_lookup, name="reports_verify_lookup"),
    path("verify/<str:code>/", views.report_verify, name="reports_verify"),
]
