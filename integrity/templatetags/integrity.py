from django import template
from django.utils.html import format_html

from integrity import evidence, subjects
from integrity.models import SubjectType

register = template.Library()


def mask_id(number: str) -> str:
    """5001**********123X: a person's ID number shown with only its first and last four characters."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


@register.filter
def public_code(entry) -> str:
    """A body's credit code in full (it is public); a person's ID number masked."""
    if entry.subject_type == SubjectType.BODY:
        return entry.subject_code
    return mask_id(entry.subject_code)


@register.filter
def record_url(entry) -> str:
    """The page of the entry's subject, as its own app registered it ("" if none)."""
    return subjects.record_url(entry.subject_type, entry.subject_id)


@register.simple_tag(takes_context=True)
def evidence_of(context, entry) -> str:
    """An entry's evidence reference as a readable label, linked where the viewer may open it."""
    request = context.get("request")
    found = evidence.shown(entry.evidence_ref, getattr(request, "user", None))
    if found.url:
        return format_html('<a href="{}">{}</a>', found.url, found.label)
    return format_html('<span class="tag">{}</span>', found.label)
