"""The centre's background work on the certificate side: the full audit and the registry export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import is_centre
from certificates.jobs import FULL_AUDIT, REGISTRY_EXPORT
from jobs import services as job_services


@login_required
@require_POST
def run_audit(request):
    """Run the 13 rules over everything stored, as `audit_certificates` does, in the background."""
    if not is_centre(request.user):
        raise PermissionDenied
    return redirect(job_services.start(kind=FULL_AUDIT, owner=request.user))


@login_required
def export_registry(request):
    """bodies.csv, scope.csv and examiners.csv in one zip, written by a job (as `export_registry` writes
    them into a folder)."""
    if not is_centre(request.user):
        raise PermissionDenied
    if request.method == "POST":
        params = {"mask_ids": request.POST.get("mask_ids") == "on"}
        return redirect(job_services.start(kind=REGISTRY_EXPORT, owner=request.user, params=params))
    return render(request, "certificates/export.html")
