from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import Role, has_role
from schedule import services


@require_GET
@login_required
def overview(request):
    """The daily tasks with their last and next run (the bureau administrator's)."""
    if not has_role(request.user, Role.BUREAU_ADMIN):
        raise PermissionDenied
    return render(request, "schedule/overview.html", {"rows": services.overview()})
