"""The occupation picker's endpoint: catalogue entries by name or code, as JSON (static/js/occupations.js)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from registry.selectors import occupations_matching

LIMIT = 20  # entries one answer lists; typing more narrows it


@login_required
@require_GET
def occupation_search(request):
    found = occupations_matching(request.GET.get("q", "")[:50], limit=LIMIT)
    return JsonResponse({"results": [{"id": o.pk, "code": o.code, "name": o.name} for o in found]})
