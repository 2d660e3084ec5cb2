from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import page_of
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Notification


@login_required
def inbox(request):
    page = page_of(request, selectors.inbox(request.user))
    return render(request, "notifications/inbox.html", {"page": page})


def _own(request, pk: int) -> Notification:
    try:
        return services.mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def open_notification(request, pk: int):
    """Follow a notification's link, marking it read on the way."""
    notification = _own(request, pk)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk: int):
    _own(request, pk)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(n)d notifications marked read.") % {"n": count})
    return redirect(_back(request))


def _back(request) -> str:
    """Back to the inbox page the button was on."""
    page = request.POST.get("page", "")
    inbox_url = reverse("notifications:inbox")
    return f"{inbox_url}?page={page}" if page.isdigit() else inbox_url


@login_required
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.set_email_preferences(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial={"email_kinds": sorted(selectors.email_kinds(request.user))})
    return render(
        request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)}
    )
