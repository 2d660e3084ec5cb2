"""What every state machine here shares: logged transitions, reasons, permission and race checks.

Transitions are django-fsm-2 `@transition` methods on the models; each is wrapped by
`logged_transition`, which records who, when, from, to and the reason through django-fsm-log, and
the day the transition takes effect (`on=`, default today; see common.transition_log).
Services call `perform` so that permission, reason and concurrency are handled the same way everywhere.

Each transition says in its `custom` how pages speak of it (`vocabulary`):
- "label": the button's and the history's words, the model's own (a body's `revoke` is not a
  certificate's);
- "reason_required": the step is refused without a reason;
- "dangerous": the step takes a right away (suspends, revokes, disqualifies, confirms a case that
  revokes certificates) or ends an application, appeal or inspection against its party for good
  (rejects, refuses, upholds, withdraws, cancels). Its button is red, and its page warns that it cannot
  be undone and asks for an explicit confirmation.
Two optional keys:
- "next": what happens after the step (「提交后由区县人社部门初审」), shown on its confirmation page;
- "asks_reason": False when the step has nothing to explain (an applicant's submit), so its page shows
  no reason field at all; by default a step that does not require a reason still offers one.
"""

import datetime
import inspect
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from django_fsm_log.helpers import FSMLogDescriptor
from django_fsm_log.models import StateLog

from common.transition_log import EFFECTIVE_ON


class StaleObjectError(Exception):
    """Someone else changed the object's state first; nothing of ours was saved."""

    message = _(
        "This record was changed by someone else a moment ago. Nothing was saved; reload and try again."
    )


def logged_transition():
    """Wrap an @transition method so it takes `by`, `description` (the reason) and `on` (the day it
    takes effect, default today; a method that itself takes `on` gets the same day) and logs them.

    Whether the reason is required is read from the transition's custom "reason_required".
    """

    def decorate(func):
        inner = fsm_log_by(fsm_log_description(func))
        takes_on = "on" in inspect.signature(func).parameters

        @wraps(inner)
        def wrapper(
            instance, *args, by=None, description: str | None = "", on: datetime.date | None = None, **kwargs
        ):
            reason = (description or "").strip()
            meta = func._django_fsm
            now = meta.get_transition(meta.field.get_state(instance))
            # No transition from here: django-fsm raises TransitionNotAllowed, not a missing reason.
            if now is not None and now.custom.get("reason_required") and not reason:
                raise ValidationError({"reason": _("A reason is required for this action.")})
            on = on or timezone.localdate()
            if on > timezone.localdate():
                raise ValidationError({"on": _("A change cannot take effect on a day still to come.")})
            if takes_on:
                kwargs["on"] = on
            with FSMLogDescriptor(instance, EFFECTIVE_ON, on):
                return inner(instance, *args, by=by, description=reason or None, **kwargs)

        return wrapper

    return decorate


def transition_custom(obj: models.Model, name: str) -> dict:
    """The @transition custom of transition `name` on `obj` ({} for a name that is no transition).

    The transition from `obj`'s present state when there is one, else any of that name (history rows).
    """
    meta = getattr(getattr(type(obj), name, None), "_django_fsm", None)
    if meta is None or not meta.transitions:
        return {}
    state = meta.field.get_state(obj) if hasattr(meta.field, "get_state") else None
    found = meta.get_transition(state) or next(iter(meta.transitions.values()))
    return found.custom


def vocabulary(obj: models.Model, name: str) -> tuple[str, bool, bool]:
    """(label, reason_required, dangerous) of transition `name` on `obj`, from its @transition custom.

    A name that is no transition of the model is its own label.
    """
    custom = transition_custom(obj, name)
    return custom.get("label", name), bool(custom.get("reason_required")), bool(custom.get("dangerous"))


def perform(
    obj: models.Model, transition: str, *, by, reason: str = "", check_permission: bool = True, **kwargs
):
    """Run one transition on `obj` as user `by` and save it; the caller holds the transaction.

    `kwargs` go to the transition; `on=` dates it (the day it takes effect, default today).
    Raises PermissionDenied, TransitionNotAllowed, ValidationError (missing reason or failed rule)
    or StaleObjectError (another user's transition landed first). On any of these nothing is saved
    as long as the caller wraps the call in transaction.atomic().
    """
    method = getattr(obj, transition)
    # State first: a record that is no longer in a state the transition starts from is "not possible
    # now" (which pages explain), not "you may not" (which they answer with 403).
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(f"{transition} is not possible from {obj.status}")
    if check_permission and not has_transition_perm(method, by):
        raise PermissionDenied(_("You may not do this."))
    method(by=by, description=reason, **kwargs)
    try:
        obj.save()
    except ConcurrentTransition as exc:
        raise StaleObjectError(str(exc)) from exc
    return obj


def available_transitions(obj: models.Model, user, field: str = "status") -> list[str]:
    """Names of the transitions `user` may run on `obj` now (conditions and permissions both met)."""
    getter = getattr(obj, f"get_available_user_{field}_transitions")
    return [t.name for t in getter(user)]


def timeline(obj: models.Model):
    """The logged transitions of one object in the order they were recorded, with who did them and
    (`effective`) the day each took effect."""
    return StateLog.objects.for_(obj).select_related("by", "effective").order_by("timestamp", "pk")


__all__ = [
    "ConcurrentTransition",
    "StaleObjectError",
    "TransitionNotAllowed",
    "available_transitions",
    "logged_transition",
    "perform",
    "timeline",
    "transition_custom",
    "vocabulary",
]
