from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from common.views import moved_to
from todo import views as todo_views

urlpatterns = [
    path("", todo_views.home, name="home"),
    path("todo/", include("todo.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("registry/", include("registry.urls")),
    path("register/", include("registry.public_urls")),
    path("specifications/", include("specifications.urls")),
    path("examiners/", include("examiners.urls")),
    path("integrity/", include("integrity.urls")),
    # The certificate pages lived under /audits/ before the certificates app: old links still work.
    re_path(r"^audits/(?P<rest>(?:rosters|cases)/.*|findings/)$", moved_to("/certificates/")),
    path("audits/", include("audits.urls")),
    path("certificates/", include("certificates.urls")),
    path("reports/", include("audits.public_urls")),
    path("verify/", include("certificates.verify_urls")),
    path("plans/", include("plans.urls")),
    path("dashboard/", include("plans.dashboard_urls")),
    path("statistics/", include("plans.public_urls")),
    path("schedule/", include("schedule.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
