from django.urls import path

from specifications.views import experts, public, workflow

app_name = "specifications"

urlpatterns = [
    path("", workflow.specification_list, name="list"),
    path("mine/", workflow.mine, name="mine"),
    path("propose/", workflow.propose, name="propose"),
    path("public/", public.public_list, name="public_list"),
    path("public/<str:code>/", public.public_detail, name="public_detail"),
    path("<int:pk>/", workflow.specification_detail, name="detail"),
    path("<int:pk>/revise/", workflow.revise, name="revise"),
    path("versions/<int:pk>/", workflow.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", workflow.version_edit, name="version_edit"),
    path("versions/<int:pk>/draft/", workflow.draft_download, name="draft"),
    path("versions/<int:pk>/records/<slug:stage>.pdf", workflow.record_pdf, name="record_pdf"),
    path("versions/<int:pk>/experts/", experts.appoint, name="appoint"),
    path("versions/<int:pk>/panel/", experts.form_panel, name="panel"),
    path("versions/<int:pk>/opinion/", experts.opinion, name="opinion"),
    path("versions/<int:pk>/vote/", experts.vote, name="vote"),
    path("versions/<int:pk>/close-voting/", experts.close_voting, name="close_voting"),
    path("versions/<int:pk>/do/<slug:action>/", workflow.version_action, name="version_action"),
]
