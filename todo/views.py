"""The landing page: each role's to-do panel, and the public home page for everyone else."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.roles import Role, has_role, is_body_admin, roles_of
from audits import selectors as audits
from registry.forms import RegisterSearchForm
from todo.queues import ROLES_WITH_QUEUES, counts_for

# How many open rectification orders the panel lists (the rest are a click away).
LISTED_ORDERS = 10


def home(request):
    """Signed in with something to do: the to-do panel. Otherwise the public home page."""
    if roles_of(request.user) & ROLES_WITH_QUEUES:
        return redirect("todo:panel")
    return render(request, "home.html", {"search_form": RegisterSearchForm()})


@login_required
def panel(request):
    queues, counts = counts_for(request)
    user = request.user
    rows = [(queue, counts.by_queue[queue.key]) for queue in queues if queue.key in counts.by_queue]
    orders = None
    if has_role(user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER):
        orders = audits.open_orders(user)
    elif is_body_admin(user) and counts.has_body:
        orders = audits.orders_to_answer(user)
    today = timezone.localdate()
    listed = []
    for order in orders[:LISTED_ORDERS] if orders is not None else []:
        days = (order.deadline - today).days
        listed.append((order, max(days, 0), max(-days, 0)))
    return render(
        request,
        "todo/panel.html",
        {
            "rows": rows,
            "orders": listed,
            "can_apply": is_body_admin(user),
            "has_body": counts.has_body,
        },
    )
