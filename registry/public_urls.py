from django.urls import path

from registry import views

app_name = "register"

urlpatterns = [
    path("", views.register, name="list"),
    path("<str:filing_no>/", views.register_detail, name="detail"),
]
