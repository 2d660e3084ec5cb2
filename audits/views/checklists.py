"""Checklist templates: every version readable; the centre revises one into a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_centre
from audits.forms import ChecklistRevisionForm
from audits.models import ChecklistTemplate
from audits.services.checklists import current_templates, revise_template
from common.forms import add_errors

READERS = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.SUPERVISOR, Role.BUREAU_ADMIN)


def _readers_only(user) -> None:
    if not has_role(user, *READERS):
        raise PermissionDenied


@login_required
def checklist_list(request):
    _readers_only(request.user)
    return render(
        request,
        "audits/checklist_list.html",
        {"current": current_templates(), "all": ChecklistTemplate.objects.order_by("code", "-version")},
    )


@login_required
def checklist_detail(request, pk: int):
    _readers_only(request.user)
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    return render(
        request,
        "audits/checklist_detail.html",
        {
            "template": template,
            "items": template.items.all(),
            "versions": ChecklistTemplate.objects.filter(code=template.code).order_by("-version"),
            "used": template.inspections.count(),
            "can_revise": is_centre(request.user),
        },
    )


@login_required
def checklist_revise(request, pk: int):
    if not is_centre(request.user):
        raise PermissionDenied
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    initial = {
        "title": template.title,
        "items": "\n".join(f"{i.area} | {i.text}" for i in template.items.all()),
    }
    form = ChecklistRevisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            revised = revise_template(
                template=template,
                user=request.user,
                title=form.cleaned_data["title"],
                items=form.parsed_items(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Version %(v)s saved.") % {"v": revised.version})
            return redirect(revised)
    return render(request, "audits/checklist_form.html", {"template": template, "form": form})
