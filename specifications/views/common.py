"""What the specifications' pages share: finding a version the user may see, file responses."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from specifications import selectors
from specifications.models import SpecificationVersion


def visible_version(request, pk: int) -> SpecificationVersion:
    """The version, if the user may see it at all (else 404, as for one that does not exist)."""
    return get_object_or_404(selectors.versions_visible_to(request.user), pk=pk)


def file_response(field, *, name: str, content_type: str):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
