from django.urls import path

from plans import dashboard_views as views

app_name = "statistics"
urlpatterns = [path("", views.statistics_page, name="page")]
