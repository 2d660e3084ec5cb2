"""How a PlanChange reads on the plan's page: what was changed, and each field's value before → after,
with the labels of the reader's language (the change keeps raw values)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans.models import Metric, Plan, PlanChange, ScopeKind, Target
from registry.models.body import BodyKind

CHOICES = {"metric": Metric, "scope": ScopeKind, "body_kind": BodyKind}


@dataclass(frozen=True)
class Line:
    label: str
    before: str
    after: str


def shown(name: str, value) -> str:
    if name == "value" and value is None:
        return _("all of them (应备尽备)")
    if name in CHOICES and value:
        return str(CHOICES[name](value).label)
    return "" if value is None else str(value)


def subject(change: PlanChange) -> str:
    """ "The plan", or the target by its metric and scope as they were (or are, once created)."""
    values = change.after or change.before
    if not change.on_target:
        return _("The plan")
    scope = values.get("district") or shown("body_kind", values.get("body_kind")) or _("whole city")
    return f"{shown('metric', values.get('metric'))} · {scope}"


def lines(change: PlanChange) -> list[Line]:
    """The fields that differ (every field of a created or deleted record that has a value)."""
    model = Target if change.on_target else Plan
    found = []
    for name in dict.fromkeys([*change.before, *change.after]):
        before, after = change.before.get(name), change.after.get(name)
        if change.action == PlanChange.Action.UPDATED and before == after:
            continue
        if change.action != PlanChange.Action.UPDATED and (before or after) in (None, "") and name != "value":
            continue
        label = str(model._meta.get_field(name).verbose_name)
        found.append(
            Line(
                label,
                shown(name, before) if change.before else "",
                shown(name, after) if change.after else "",
            )
        )
    return found
