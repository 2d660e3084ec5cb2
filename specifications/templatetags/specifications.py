from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from common.templatetags.workflow import MODEL_TONES, TONES
from specifications.models import SpecificationStatus

register = template.Library()


@register.simple_tag
def version_state(code: str | None):
    """The badge of a version's state given as a code (a list's annotated latest state)."""
    if not code:
        return ""
    label = SpecificationStatus(code).label
    tone = MODEL_TONES.get(f"specificationversion:{code}") or TONES.get(code, "muted")
    return format_html('<span class="badge badge-{}" data-status="{}">{}</span>', tone, code, label)


@register.filter
def match_how(match: dict) -> str:
    """How a duplicate match was found, in words."""
    how = match.get("how")
    if how == "same":
        return _("same name")
    if how == "contains":
        return _("contains its name")
    if how == "contained":
        return _("its name contains this one")
    return _("similar name (%(ratio)s)") % {"ratio": match.get("ratio")}
