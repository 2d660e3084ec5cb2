from django.urls import path, re_path

from plans import dashboard_views as views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_page, name="page"),
    path("reports/", views.report_list, name="reports"),
    path("reports/generate/", views.generate_report, name="generate_report"),
    re_path(r"^reports/(?P<pk>[0-9]+)/(?P<fmt>xlsx|pdf)/$", views.report_file, name="report_file"),
]
