from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from registry import views as registry_views

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("registry/", include("registry.urls")),
    path("register/", include("registry.public_urls")),
    path("examiners/", include("examiners.urls")),
    path("integrity/", include("integrity.urls")),
    path("audits/", include("audits.urls")),
    path("reports/", include("audits.public_urls")),
    path("verify/", include("audits.verify_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
