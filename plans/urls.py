from django.urls import path

from plans import college_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:year>/", views.plan_detail, name="plan_detail"),
    path("<int:year>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:year>/targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("colleges/", college_views.college_list, name="college_list"),
    path("colleges/new/", college_views.college_form, name="college_create"),
    path("colleges/<int:pk>/edit/", college_views.college_form, name="college_edit"),
    path("colleges/<int:pk>/close/", college_views.college_close, name="college_close"),
    path("colleges/import/", college_views.college_import, name="college_import"),
    path(
        "colleges/import/template.<str:fmt>", college_views.college_import_template, name="college_template"
    ),
    path("colleges/import/errors.csv", college_views.college_import_errors, name="college_import_errors"),
]
