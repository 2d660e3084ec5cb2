"""Rectification orders (the body answers, the officer decides) and suspension proposals (the centre)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from audits import permissions as perm
from audits import selectors
from audits.forms import OrderResponseForm
from audits.models import OrderStatus, ProposalStatus
from audits.services import orders as svc
from audits.views.common import CONTENT_TYPES, file_response
from common.forms import add_errors
from common.transitions import StaleObjectError, available_transitions, timeline
from common.views import confirm_transition, not_possible_now, page_of, query_without_page

# The transitions run from a confirmation page (the body's answer has its own form).
ORDER_ACTIONS = ["accept_response", "reject_response"]
PROPOSAL_ACTIONS = ["confirm_suspension", "dismiss_proposal"]


@login_required
def order_list(request):
    qs = selectors.orders_visible_to(request.user)
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status == "overdue":
        qs = qs.filter(status=OrderStatus.ISSUED, deadline__lt=timezone.localdate())
    elif status in OrderStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(body__name__icontains=q))
    return render(
        request,
        "audits/order_list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "statuses": [*OrderStatus.choices, ("overdue", _("Overdue"))],
            "status": status,
            "q": q,
            "today": timezone.localdate(),
        },
    )


def _visible_order(request, pk: int):
    return get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)


@login_required
def order_detail(request, pk: int):
    order = _visible_order(request, pk)
    return render(
        request,
        "audits/order_detail.html",
        {
            "order": order,
            "findings": order.findings.select_related("item").prefetch_related("evidence"),
            "proposals": order.proposals.all(),
            "timeline": timeline(order),
            "actions": [a for a in available_transitions(order, request.user) if a in ORDER_ACTIONS],
            "can_respond": order.status == OrderStatus.ISSUED
            and perm.body_administrator(order, request.user),
        },
    )


@login_required
def order_respond(request, pk: int):
    order = _visible_order(request, pk)
    if not perm.body_administrator(order, request.user):
        raise PermissionDenied
    if order.status != OrderStatus.ISSUED:
        return not_possible_now(request, order)
    form = OrderResponseForm(
        request.POST or None, request.FILES or None, initial={"expected_status": order.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.respond_to_order(
                order=order,
                user=request.user,
                response=form.cleaned_data["response"],
                upload=form.cleaned_data.get("document"),
            )
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(order)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your answer has been sent to the officer."))
            return redirect(order)
    return render(request, "audits/order_respond.html", {"order": order, "form": form})


@login_required
def order_action(request, pk: int, action: str):
    order = _visible_order(request, pk)

    def run(form):
        svc.decide_order(
            order=order,
            user=request.user,
            accept=action == "accept_response",
            note=form.cleaned_data["reason"],
        )

    return confirm_transition(request, order, action, actions=ORDER_ACTIONS, run=run)


@login_required
def order_response_download(request, pk: int):
    order = _visible_order(request, pk)
    return file_response(
        order.response_file,
        name=f"{order.number}-response.{order.response_extension}",
        content_type=CONTENT_TYPES.get(order.response_extension, "application/octet-stream"),
    )


@login_required
def proposal_list(request):
    if not has_role(request.user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN):
        raise PermissionDenied
    qs = selectors.proposals_visible_to(request.user)
    status = request.GET.get("status", ProposalStatus.PROPOSED)
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "audits/proposal_list.html",
        {"page": page_of(request, qs), "statuses": ProposalStatus.choices, "status": status},
    )


@login_required
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    return render(
        request,
        "audits/proposal_detail.html",
        {
            "proposal": proposal,
            "timeline": timeline(proposal),
            "actions": [a for a in available_transitions(proposal, request.user) if a in PROPOSAL_ACTIONS],
        },
    )


@login_required
def proposal_action(request, pk: int, action: str):
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)

    def run(form):
        svc.decide_proposal(
            proposal=proposal,
            user=request.user,
            suspend=action == "confirm_suspension",
            reason=form.cleaned_data["reason"],
        )

    return confirm_transition(request, proposal, action, actions=PROPOSAL_ACTIONS, run=run)
