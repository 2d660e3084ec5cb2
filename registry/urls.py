from django.urls import path

from registry import catalogue_views, views

app_name = "registry"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("filings/new/", views.new_filing, name="new_filing"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/edit/", views.filing_edit, name="filing_edit"),
    path("filings/<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("filings/<int:pk>/do/<slug:action>/", views.filing_action, name="filing_action"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/apply/<slug:kind>/", views.open_filing, name="open_filing"),
    path("bodies/<int:pk>/do/<slug:action>/", views.body_action, name="body_action"),
    path("bodies/<int:pk>/managers/", views.body_manager_add, name="body_manager_add"),
    path("bodies/<int:pk>/integrity/", views.body_integrity, name="body_integrity"),
    path(
        "bodies/<int:pk>/integrity/entries/<int:entry_pk>/objection/",
        views.body_objection,
        name="body_objection",
    ),
    path("bodies/<int:pk>/integrity/entries/<int:entry_pk>/repair/", views.body_repair, name="body_repair"),
    path("review/district/", views.district_queue, name="district_queue"),
    path("review/centre/", views.centre_queue, name="centre_queue"),
    path("occupations/", catalogue_views.occupation_search, name="occupation_search"),
]
