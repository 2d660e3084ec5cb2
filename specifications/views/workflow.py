"""The specifications' pages for those signed in: lists, a specification and its versions, proposing,
revising and correcting, the workflow's steps, the draft and the printed records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import is_body_admin, is_centre, is_expert
from common.forms import ActionForm, add_errors
from common.transitions import available_transitions, timeline
from common.views import confirm_transition, page_of, query_without_page
from registry.models import AssessmentBody
from registry.selectors import administered_body_ids
from specifications import permissions as perm
from specifications import records, selectors, services
from specifications.forms import (
    DatedActionForm,
    MinistryFilingForm,
    ProposalForm,
    UnitFormSet,
    unit_initial,
)
from specifications.models import EDITABLE_STATUSES, OPEN_STATUSES, Specification, SpecificationStatus
from specifications.views.common import file_response, visible_version

S = SpecificationStatus


@login_required
def specification_list(request):
    qs = selectors.specifications_visible_to(request.user)
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status in S.values:
        qs = qs.filter(latest_status=status)
    else:
        status = ""
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return render(
        request,
        "specifications/list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "status": status,
            "statuses": S.choices,
            "can_propose": perm.may_propose(request.user),
        },
    )


TODO = {"opinion": selectors.opinions_to_give, "vote": selectors.votes_to_cast}


@login_required
def mine(request):
    """My specifications: what I proposed (for my bodies) and what I am appointed to, with what waits."""
    user = request.user
    if not (is_expert(user) or is_body_admin(user) or is_centre(user)):
        raise PermissionDenied
    todo, status = request.GET.get("todo", ""), request.GET.get("status", "")
    if todo in TODO:
        qs = TODO[todo](user)
    else:
        todo = ""
        qs = (selectors.proposed_by_me(user) | selectors.appointed_to_me(user)).distinct()
    if status in S.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    qs = qs.select_related("specification").order_by("-proposed_at", "-pk")
    return render(
        request,
        "specifications/mine.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "todo": todo,
            "status": status,
            "to_give": set(selectors.opinions_to_give(user).values_list("pk", flat=True)),
            "to_cast": set(selectors.votes_to_cast(user).values_list("pk", flat=True)),
        },
    )


@login_required
def specification_detail(request, pk: int):
    specification = get_object_or_404(selectors.specifications_visible_to(request.user), pk=pk)
    versions = (
        selectors.versions_visible_to(request.user).filter(specification=specification).order_by("-number")
    )
    return render(
        request,
        "specifications/detail.html",
        {
            "specification": specification,
            "versions": versions,
            "can_revise": perm.may_propose(request.user)
            and specification.versions.filter(status=S.PUBLISHED).exists()
            and not specification.versions.filter(status__in=OPEN_STATUSES).exists(),
        },
    )


@login_required
def version_detail(request, pk: int):
    version = visible_version(request, pk)
    user = request.user
    workings = perm.sees_workings(version, user)
    everything = perm.sees_opinions(version, user)
    opinions = version.opinions.select_related("expert__profile").order_by("round", "recorded_at")
    votes = version.votes.select_related("expert__profile").order_by("round", "cast_at")
    round_votes = [v for v in votes if v.round == version.round]
    return render(
        request,
        "specifications/version_detail.html",
        {
            "version": version,
            "specification": version.specification,
            "units": version.units.order_by("position"),
            "occupations": version.occupations.order_by("code"),
            "workings": workings,
            "everything": everything,
            "appointments": version.appointments.select_related("expert__profile") if everything else None,
            "opinions": opinions if everything else opinions.filter(expert=user),
            "votes": votes if everything else votes.filter(expert=user),
            "tally": records.tally(version, round_votes),
            "panel_size": version.panel().count(),
            "outcome": version.review_outcome() if version.status == S.UNDER_REVIEW else None,
            "timeline": timeline(version) if workings else None,
            "actions": [a for a in available_transitions(version, user) if a in services.PAGE_ACTIONS],
            "can_edit": version.status in EDITABLE_STATUSES and perm.proposes_for(version, user),
            "can_appoint": is_centre(user) and version.status in (S.PROPOSED, S.ARGUED),
            "can_form_panel": is_centre(user) and version.status == S.ARGUED,
            "can_close": is_centre(user)
            and version.status == S.UNDER_REVIEW
            and version.voting_closed_at is None
            and version.review_outcome() is None,
            "can_opine": version.status == S.ARGUED
            and perm.is_appointed(version, user)
            and not version.round_opinions().filter(expert=user).exists(),
            "can_vote": version.status == S.UNDER_REVIEW
            and version.voting_closed_at is None
            and perm.is_on_panel(version, user)
            and not version.round_votes().filter(expert=user).exists(),
            "stages": records.available(version) if everything else [],
        },
    )


def _bodies_of(user):
    if is_centre(user):
        return None
    return AssessmentBody.objects.filter(pk__in=administered_body_ids(user)).order_by("name")


def _proposal_page(request, *, title, run, form_kwargs, initial=None, units=None, cancel=None):
    form = ProposalForm(request.POST or None, request.FILES or None, initial=initial, **form_kwargs)
    formset = UnitFormSet(request.POST or None, prefix="units", initial=units)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            version = run(form, formset.units())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(version)s.") % {"version": version})
            return redirect(version)
    return render(
        request,
        "specifications/proposal_form.html",
        {"form": form, "formset": formset, "title": title, "cancel": cancel},
    )


@login_required
def propose(request):
    """征集: a body administrator proposes for one of their bodies, a centre officer for the centre."""
    if not perm.may_propose(request.user):
        raise PermissionDenied
    bodies = _bodies_of(request.user)
    if bodies is not None and not bodies.exists():
        raise PermissionDenied

    def run(form, units):
        return services.propose(
            user=request.user,
            name=form.cleaned_data["name"],
            content=form.content(units),
            draft=form.cleaned_data.get("draft"),
            body=form.cleaned_data.get("body"),
        )

    return _proposal_page(
        request, title=_("Propose a specification"), run=run, form_kwargs={"bodies": bodies}
    )


@login_required
def revise(request, pk: int):
    """A revision of a published specification: a new version, its content copied from the one in force."""
    specification = get_object_or_404(Specification, pk=pk)
    current = specification.versions.filter(status=S.PUBLISHED).order_by("-number").first()
    if current is None:
        raise Http404
    if not perm.may_propose(request.user):
        raise PermissionDenied
    bodies = _bodies_of(request.user)
    if bodies is not None and not bodies.exists():
        raise PermissionDenied

    def run(form, units):
        return services.revise(
            user=request.user,
            specification=specification,
            content=form.content(units),
            draft=form.cleaned_data.get("draft"),
            body=form.cleaned_data.get("body"),
        )

    initial = ProposalForm.initial_from(current) | {"necessity": "", "body": None}
    return _proposal_page(
        request,
        title=_("Revise %(specification)s") % {"specification": specification},
        run=run,
        form_kwargs={"bodies": bodies, "name_fixed": True},
        initial=initial,
        units=unit_initial(current),
        cancel=specification.get_absolute_url(),
    )


@login_required
def version_edit(request, pk: int):
    version = visible_version(request, pk)
    if not perm.proposes_for(version, request.user):
        raise PermissionDenied
    if version.status not in EDITABLE_STATUSES:
        messages.error(request, _("This version can no longer be changed."))
        return redirect(version)
    first = not version.specification.versions.exclude(pk=version.pk).exists()

    def run(form, units):
        return services.edit(
            version=version,
            user=request.user,
            content=form.content(units),
            name=form.cleaned_data["name"] if first else None,
            draft=form.cleaned_data.get("draft"),
        )

    return _proposal_page(
        request,
        title=_("Change %(version)s") % {"version": version},
        run=run,
        form_kwargs={"bodies": None, "name_fixed": not first, "draft_required": False},
        initial=ProposalForm.initial_from(version),
        units=unit_initial(version),
        cancel=version.get_absolute_url(),
    )


FORMS = {"file_with_ministry": MinistryFilingForm, "publish": DatedActionForm, "retire": DatedActionForm}


@login_required
def version_action(request, pk: int, action: str):
    version = visible_version(request, pk)

    def run(form):
        data = form.cleaned_data
        reason = data.get("reason", "")
        if action == "file_with_ministry":
            services.file_with_ministry(
                version=version,
                user=request.user,
                filed_on=data["filed_on"],
                reference=data["reference"],
                reason=reason,
            )
        elif action == "publish":
            services.publish(version=version, user=request.user, on=data["on"], reason=reason)
        else:
            services.act(version=version, user=request.user, action=action, reason=reason, on=data.get("on"))

    return confirm_transition(
        request,
        version,
        action,
        actions=services.PAGE_ACTIONS,
        run=run,
        form_class=FORMS.get(action, ActionForm),
    )


@login_required
def draft_download(request, pk: int):
    version = visible_version(request, pk)
    if not perm.sees_workings(version, request.user):
        raise PermissionDenied
    return file_response(
        version.draft, name=version.draft_name or "draft.pdf", content_type="application/pdf"
    )


@login_required
def record_pdf(request, pk: int, stage: str):
    """The printed record of one stage: opinions (argument), votes (review), the filing (filing)."""
    version = visible_version(request, pk)
    if stage not in records.STAGES:
        raise Http404
    if not perm.sees_opinions(version, request.user):
        raise PermissionDenied
    if stage not in records.available(version):
        raise Http404
    response = HttpResponse(records.render_pdf(version, stage), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{records.filename(version, stage)}"'
    return response
