from django.urls import path

from integrity import views

app_name = "integrity"

urlpatterns = [
    path("public/", views.public_list, name="public_list"),
    path("objections/", views.objection_queue, name="objections"),
    path("objections/<int:pk>/do/<slug:action>/", views.objection_action, name="objection_action"),
    path("repairs/", views.repair_queue, name="repairs"),
    path("repairs/<int:pk>/do/<slug:action>/", views.repair_action, name="repair_action"),
    path("entries/<int:pk>/evidence/", views.entry_evidence, name="entry_evidence"),
]
