"""The experts' part of the pages: the centre appoints experts and forms the panel, experts give their
opinions and votes, the centre closes a vote."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from common.forms import add_errors
from common.transitions import StaleObjectError
from common.views import not_possible_now
from specifications import permissions as perm
from specifications import services
from specifications.forms import ExpertsForm, OpinionForm, VoteForm, expert_accounts
from specifications.models import SpecificationStatus
from specifications.views.common import visible_version

S = SpecificationStatus


def _form_page(request, version, form, *, title, run, done, intro=""):
    """Show `form` about `version`; on a valid POST from the state the page was opened in, `run` it."""
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["expected_status"] != version.status:
            messages.error(request, StaleObjectError.message)
            return redirect(version)
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(version)
    return render(
        request,
        "specifications/form_page.html",
        {"version": version, "form": form, "title": title, "intro": intro},
    )


@login_required
def appoint(request, pk: int):
    version = visible_version(request, pk)
    if not is_centre(request.user):
        raise PermissionDenied
    if version.status not in (S.PROPOSED, S.ARGUED):
        return not_possible_now(request, version)
    current = list(version.appointments.values_list("expert_id", flat=True))
    form = ExpertsForm(request.POST or None, initial={"experts": current, "expected_status": version.status})
    return _form_page(
        request,
        version,
        form,
        title=_("Appoint the experts"),
        intro=_("Only the experts appointed here see this version and give their opinions on it."),
        run=lambda data: services.appoint_experts(
            version=version, user=request.user, experts=data["experts"]
        ),
        done=_("Experts appointed."),
    )


@login_required
def form_panel(request, pk: int):
    version = visible_version(request, pk)
    if not is_centre(request.user):
        raise PermissionDenied
    if version.status != S.ARGUED:
        return not_possible_now(request, version)
    appointed = expert_accounts().filter(pk__in=version.appointments.values("expert_id"))
    form = ExpertsForm(
        request.POST or None,
        queryset=appointed,
        initial={
            "experts": list(version.panel().values_list("expert_id", flat=True)),
            "expected_status": version.status,
        },
    )
    return _form_page(
        request,
        version,
        form,
        title=_("Form the review panel"),
        intro=_("An odd number of the appointed experts, at least three; a simple majority of them passes."),
        run=lambda data: services.form_panel(version=version, user=request.user, experts=data["experts"]),
        done=_("Review panel formed."),
    )


@login_required
def opinion(request, pk: int):
    version = visible_version(request, pk)
    if not perm.is_appointed(version, request.user):
        raise PermissionDenied
    if version.status != S.ARGUED:
        return not_possible_now(request, version)
    form = OpinionForm(request.POST or None, initial={"expected_status": version.status})
    return _form_page(
        request,
        version,
        form,
        title=_("Your opinion (论证)"),
        intro=_("Your opinion is recorded as given and cannot be changed afterwards."),
        run=lambda data: services.record_opinion(
            version=version, user=request.user, verdict=data["verdict"], text=data["text"]
        ),
        done=_("Opinion recorded."),
    )


@login_required
def vote(request, pk: int):
    version = visible_version(request, pk)
    if not perm.is_on_panel(version, request.user):
        raise PermissionDenied
    if version.status != S.UNDER_REVIEW:
        return not_possible_now(request, version)
    form = VoteForm(request.POST or None, initial={"expected_status": version.status})
    return _form_page(
        request,
        version,
        form,
        title=_("Your vote (评审)"),
        intro=_("Every vote is kept; a simple majority of the panel passes."),
        run=lambda data: services.cast_vote(
            version=version, user=request.user, passes=data["decision"], comment=data["comment"]
        ),
        done=_("Vote recorded."),
    )


@login_required
def close_voting(request, pk: int):
    version = visible_version(request, pk)
    if not is_centre(request.user):
        raise PermissionDenied
    if version.status != S.UNDER_REVIEW:
        return not_possible_now(request, version)
    form = ExpertsForm(
        request.POST or None, queryset=expert_accounts().none(), initial={"expected_status": version.status}
    )
    del form.fields["experts"]
    return _form_page(
        request,
        version,
        form,
        title=_("Close the voting"),
        intro=_("The votes cast so far decide; a panel member who has not voted counts against."),
        run=lambda data: services.close_voting(version=version, user=request.user),
        done=_("Voting closed."),
    )
