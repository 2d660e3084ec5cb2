from django import template
from django.utils.html import format_html

from common.transitions import vocabulary

register = template.Library()

# Colour family of each state code, for the status badge.
TONES = {
    "active": "ok",
    "filed": "ok",
    "pending": "info",
    "draft": "muted",
    "submitted": "info",
    "district_review": "info",
    "centre_review": "info",
    "public_notice": "info",
    "returned": "warn",
    "rectifying": "warn",
    "suspended": "bad",
    "revoked": "bad",
    "rejected": "bad",
    "expired": "muted",
    "exited": "muted",
    "withdrawn": "muted",
    "applied": "info",
    "training": "info",
    "examined": "info",
    "certified": "ok",
    "disqualified": "bad",
    "assigned": "ok",
    "declined": "warn",
    "upheld": "warn",
    "overturned": "ok",
    "granted": "ok",
    "refused": "bad",
    "planned": "info",
    "in_progress": "info",
    "reviewed": "ok",
    "closed": "muted",
    "cancelled": "muted",
    "issued": "warn",
    "responded": "info",
    "accepted": "ok",
    "proposed": "warn",
    "dismissed": "muted",
    "scheduled": "info",
    "self_assessed": "info",
    "scored": "info",
    "graded": "ok",
    "published": "ok",
    "opened": "warn",
    "investigating": "info",
    "confirmed": "bad",
    "not_issued": "muted",
    # special-ability specifications
    "argued": "info",
    "under_review": "info",
    "filed_with_ministry": "ok",
    "retired": "muted",
    # integrity entry kinds
    "commendation": "ok",
    "minor": "warn",
    "general": "bad",
    "serious": "bad",
}

# Where one model's code means something else than the same code elsewhere ("model_name:code").
MODEL_TONES = {
    "objection:filed": "info",  # waiting for a decision, unlike a filed (registered) body
    "suspensionproposal:suspended": "bad",
    "result:issued": "ok",  # a valid certificate, unlike an issued (open) rectification order
    "specificationversion:proposed": "info",  # waiting for the centre, unlike a suspension proposal
}


@register.simple_tag
def action_label(obj, name: str):
    """The label of transition `name` on `obj`: `{% action_label object log.transition %}`."""
    return vocabulary(obj, name)[0]


@register.simple_tag
def action_buttons(obj, names) -> list[tuple[str, str, bool]]:
    """(name, label, dangerous) of each transition named, for a row of buttons:
    `{% action_buttons object actions as buttons %}`."""
    buttons = []
    for name in names:
        label, _reason, dangerous = vocabulary(obj, name)
        buttons.append((name, label, dangerous))
    return buttons


@register.simple_tag
def status_badge(obj, field: str = "status"):
    code = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    model = getattr(getattr(obj, "_meta", None), "model_name", "")
    tone = MODEL_TONES.get(f"{model}:{code}") or TONES.get(code, "muted")
    return format_html('<span class="badge badge-{}" data-status="{}">{}</span>', tone, code, label)


@register.filter
def state_label(obj, code: str):
    """The display label of a state code on the object's status field (for timeline rows)."""
    if code is None:
        return "—"
    choices = dict(obj._meta.get_field("status").flatchoices)
    return choices.get(code, code)
