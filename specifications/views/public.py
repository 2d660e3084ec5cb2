"""The public face: the specifications in force, and each published specification's content. Public
documents; who argued and voted on them is not."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from common.views import page_of, query_without_page
from specifications import selectors
from specifications.models import Specification


def public_list(request):
    today = timezone.localdate()
    qs = selectors.public_list(today)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(specification__code__icontains=q)
            | Q(specification__name__icontains=q)
            | Q(occupations__code__icontains=q)
            | Q(occupations__name__icontains=q)
        ).distinct()
    return render(
        request,
        "specifications/public_list.html",
        {"page": page_of(request, qs), "query": query_without_page(request), "q": q, "today": today},
    )


def public_detail(request, code: str):
    specification = get_object_or_404(Specification, code=code)
    versions = list(selectors.with_content(selectors.public_versions(specification)))
    if not versions:
        raise Http404
    in_force = set(selectors.published_versions_on(timezone.localdate()).values_list("pk", flat=True))
    return render(
        request,
        "specifications/public_detail.html",
        {
            "specification": specification,
            "versions": versions,
            "current": next((v for v in versions if v.pk in in_force), None),
            "latest": versions[0],
        },
    )
