from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, has_transition_perm

from common.forms import ActionForm, add_errors
from common.transitions import StaleObjectError, transition_custom, vocabulary

PAGE_SIZE = 25


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters, for pagination links (without the page, or a download's format)."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def not_possible_now(request, obj):
    """Back to the record, saying the action does not fit the state it is in now."""
    messages.error(request, _("This action is not possible in the record's present state."))
    return redirect(obj)


def confirm_transition(request, obj, action: str, *, actions, run, fields=(), form_class=ActionForm):
    """The confirmation page of one transition, then the transition itself on POST.

    `actions` are the transitions this page offers (any other name is not found); `fields` the extra
    fields this one asks for ("deadline", "scores"). The label, the reason (asked, required or not
    asked), what happens next and the warning of a dangerous step come from the transition's own
    vocabulary. `run(form)` calls the service. A record
    someone else moved since the page was opened is refused with a message.
    """
    method = getattr(obj, action, None)
    if action not in actions or method is None:
        raise Http404
    if request.method == "POST" and request.POST.get("expected_status") not in (None, obj.status):
        messages.error(request, StaleObjectError.message)
        return redirect(obj)
    if not has_transition_perm(method, request.user):
        raise PermissionDenied
    label, reason_required, dangerous = vocabulary(obj, action)
    custom = transition_custom(obj, action)
    form = form_class(
        request.POST or None,
        initial={"expected_status": obj.status},
        reason_required=reason_required,
        asks_reason=custom.get("asks_reason", True),
        dangerous=dangerous,
        with_deadline="deadline" in fields,
        with_scores="scores" in fields,
    )
    if request.method == "POST" and form.is_valid():
        try:
            run(form)
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(obj)
        except TransitionNotAllowed:
            return not_possible_now(request, obj)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect(obj)
    return render(
        request,
        "confirm_action.html",
        {
            "object": obj,
            "action": action,
            "label": label,
            "dangerous": dangerous,
            "next": custom.get("next", ""),
            "form": form,
        },
    )


def moved_to(prefix: str):
    """A view answering an old address with a permanent redirect to `prefix` + the rest of the path.

    308, not 301: a form posted to the old address is posted again to the new one. The query is kept.
    """

    def view(request, rest: str):
        target = prefix + rest
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(target, preserve_request=True)

    return view
