"""Public certificate verification, mounted at /verify/ (config/urls.py)."""

from django.urls import path

from certificates.views import verify as views

urlpatterns = [
    path("", views.verify, name="verify"),
]
