from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "submit": _("Submit"),
    "start_district_review": _("Start preliminary review"),
    "pass_district_review": _("Pass preliminary review"),
    "return_for_correction": _("Return for correction"),
    "approve": _("Approve"),
    "raise_objection": _("Record an objection"),
    "publish": _("Publish the filing"),
    "reject": _("Reject"),
    "withdraw": _("Withdraw"),
    "order_rectification": _("Order rectification"),
    "accept_rectification": _("Accept rectification"),
    "suspend": _("Suspend"),
    "reinstate": _("Reinstate"),
    "revoke": _("Revoke filing"),
    "activate": _("Activate"),
    "expire": _("Expire"),
    "exit": _("Exit"),
    "accept": _("Accept into training"),
    "record_exam": _("Record exam result"),
    "certify": _("Certify"),
    "renew": _("Renew certificate"),
    "disqualify": _("Disqualify"),
    "uphold": _("Uphold the entry"),
    "overturn": _("Overturn the entry"),
    "grant": _("Grant credit repair"),
    "refuse": _("Refuse credit repair"),
    # inspections, rectification orders, suspension proposals, evaluations (audits)
    "assign": _("Assign a supervisor"),
    "start": _("Start the inspection"),
    "return_for_revision": _("Return to the supervisor"),
    "review": _("Confirm the inspection record"),
    "close": _("Close the inspection"),
    "cancel": _("Cancel the inspection"),
    "respond": _("Answer the order"),
    "accept_response": _("Accept the rectification"),
    "reject_response": _("Reject the rectification"),
    "confirm_suspension": _("Suspend the body"),
    "dismiss_proposal": _("Dismiss the proposal"),
    "submit_self_assessment": _("Submit the self-assessment"),
    "score": _("Record the scores"),
    "assign_grade": _("Confirm the grade"),
    "publish_result": _("Publish the result"),
    # audit cases (credential audit)
    "investigate": _("Start the investigation"),
    "confirm": _("Confirm the case"),
    "dismiss": _("Dismiss the case"),
}

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
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


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
