from django import template

from jobs import kinds

register = template.Library()

BADGES = {"queued": "badge-muted", "running": "badge-info", "done": "badge-ok", "failed": "badge-bad"}


@register.filter
def kind_label(job) -> str:
    return kinds.label_of(job.kind)


@register.filter
def phase_label(job) -> str:
    return kinds.phase_label(job.kind, job.phase) if job.phase else ""


@register.filter
def status_badge(job) -> str:
    return BADGES.get(job.status, "badge-muted")
