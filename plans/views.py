"""The plans' pages: the plans by year, a plan with its targets and their history; the bureau
administrator adds a year's plan (optionally copying another's targets) and adds, changes and deletes
targets. Centre and district officers read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.forms import add_errors
from plans import history, selectors, services
from plans.forms import PlanEditForm, PlanForm, TargetForm
from plans.models import Plan, Target
from plans.permissions import can_edit_plans, can_view_plans


def _readers_only(user) -> None:
    if not can_view_plans(user):
        raise PermissionDenied


def _editors_only(user) -> None:
    if not can_edit_plans(user):
        raise PermissionDenied


@require_GET
@login_required
def plan_list(request):
    _readers_only(request.user)
    return render(
        request,
        "plans/plan_list.html",
        {"plans": selectors.plans_with_counts(), "can_edit": can_edit_plans(request.user)},
    )


@require_GET
@login_required
def plan_detail(request, year: int):
    _readers_only(request.user)
    plan = get_object_or_404(Plan, year=year)
    changes = [
        (change, history.subject(change), history.lines(change)) for change in selectors.changes_of(plan)
    ]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "targets": selectors.targets_of(plan),
            "changes": changes,
            "can_edit": can_edit_plans(request.user),
        },
    )


@login_required
def plan_create(request):
    _editors_only(request.user)
    form = PlanForm(request.POST or None, initial={"copy_from": Plan.objects.first()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The plan for %(year)s was added.") % {"year": plan.year})
            return redirect("plans:plan_detail", plan.year)
    return render(request, "plans/plan_form.html", {"form": form, "title": _("New plan")})


@login_required
def plan_edit(request, year: int):
    _editors_only(request.user)
    plan = get_object_or_404(Plan, year=year)
    form = PlanEditForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan_detail", plan.year)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "title": _("Edit the plan")})


@login_required
def target_create(request, year: int):
    _editors_only(request.user)
    plan = get_object_or_404(Plan, year=year)
    form = TargetForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_target(user=request.user, plan=plan, values=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The target was added."))
            return redirect("plans:plan_detail", plan.year)
    return render(request, "plans/target_form.html", {"form": form, "plan": plan, "title": _("New target")})


@login_required
def target_edit(request, pk: int):
    _editors_only(request.user)
    target = get_object_or_404(Target.objects.select_related("plan"), pk=pk)
    plan = target.plan
    form = TargetForm(request.POST or None, instance=target, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_target(user=request.user, target=target, values=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan_detail", plan.year)
    return render(
        request, "plans/target_form.html", {"form": form, "plan": plan, "title": _("Edit the target")}
    )


@login_required
def target_delete(request, pk: int):
    """A confirmation page, then the deletion (recorded in the plan's history)."""
    _editors_only(request.user)
    target = get_object_or_404(Target.objects.select_related("plan", "district"), pk=pk)
    if request.method == "POST":
        services.delete_target(user=request.user, target=target)
        messages.success(request, _("The target was deleted."))
        return redirect("plans:plan_detail", target.plan.year)
    return render(request, "plans/target_delete.html", {"target": target, "plan": target.plan})
