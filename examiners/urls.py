from django.urls import path

from examiners import views

app_name = "examiners"

urlpatterns = [
    path("", views.examiner_register, name="examiner_register"),
    path("supervisors/", views.supervisor_register, name="supervisor_register"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/relations/", views.person_relation, name="person_relation"),
    path("people/<int:pk>/integrity/", views.person_integrity, name="person_integrity"),
    path(
        "people/<int:pk>/integrity/entries/<int:entry_pk>/objection/",
        views.person_objection,
        name="person_objection",
    ),
    path(
        "people/<int:pk>/integrity/entries/<int:entry_pk>/repair/", views.person_repair, name="person_repair"
    ),
    path(
        "certifications/<int:pk>/do/<slug:action>/", views.certification_action, name="certification_action"
    ),
    path("certifications/<int:pk>/result/", views.certification_result, name="certification_result"),
    path("recommend/", views.recommend, name="recommend"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("results/", views.import_results, name="import_results"),
    path("results/template.<str:fmt>", views.import_template, name="import_template"),
    path("results/errors.csv", views.import_errors, name="import_errors"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/draw/", views.session_draw, name="session_draw"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("assignments/<int:pk>/decline/", views.assignment_decline, name="assignment_decline"),
]
