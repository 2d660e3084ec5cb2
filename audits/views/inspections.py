"""Inspection pages: planning (one or 双随机), assignment, the supervisor's phone form, review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role, is_centre, is_district_officer
from audits import permissions as perm
from audits import recusal, selectors
from audits.forms import AssignForm, ChecklistAnswerForm, FindingForm, PlanForm, RandomPlanForm, SubmitForm
from audits.models import Evidence, Finding, Inspection, InspectionKind, InspectionStatus, RandomPlan
from audits.reports.issue import current_report
from audits.services import inspections as svc
from audits.services import planning
from audits.views.common import CONTENT_TYPES, file_response
from common.forms import add_errors
from common.transitions import StaleObjectError, available_transitions, timeline
from common.views import confirm_transition, not_possible_now, page_of, query_without_page
from examiners.models import AssessmentSession
from registry.selectors import bodies_visible_to

# The transitions run from a confirmation page (assign and submit have their own forms).
PAGE_ACTIONS = ["start", "return_for_revision", "review", "close", "cancel"]
OFFICERS = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER)


def _officer_only(user) -> None:
    if not has_role(user, *OFFICERS):
        raise PermissionDenied


def visible_inspection(request, pk: int) -> Inspection:
    return get_object_or_404(
        selectors.inspections_visible_to(request.user).select_related("template", "supervisor_certification"),
        pk=pk,
    )


@login_required
def inspection_list(request):
    # The bureau reads every inspection (its dashboard links here) but plans none.
    if not has_role(request.user, *OFFICERS, Role.BUREAU_ADMIN):
        raise PermissionDenied
    qs = selectors.inspections_visible_to(request.user)
    status, kind, q = (
        request.GET.get("status", ""),
        request.GET.get("kind", ""),
        request.GET.get("q", "").strip(),
    )
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    if kind in InspectionKind.values:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(body__name__icontains=q) | Q(supervisor__name__icontains=q))
    return render(
        request,
        "audits/inspection_list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "statuses": InspectionStatus.choices,
            "kinds": InspectionKind.choices,
            "status": status,
            "kind": kind,
            "q": q,
        },
    )


@login_required
def tasks(request):
    """The supervisor's own list: what to start, what to finish, what was returned."""
    if not has_role(request.user, Role.SUPERVISOR):
        raise PermissionDenied
    todo = selectors.supervisor_to_do(request.user)
    done = (
        selectors.supervisor_tasks(request.user)
        .exclude(status__in=selectors.TO_DO_ON_SITE)
        .order_by("-submitted_at", "-pk")
    )
    return render(request, "audits/tasks.html", {"todo": todo, "done": page_of(request, done)})


@login_required
def inspection_new(request):
    _officer_only(request.user)
    bodies = bodies_visible_to(request.user).filter(status__in=svc.INSPECTABLE).order_by("name")
    sessions = AssessmentSession.objects.filter(
        body__in=bodies, date__gte=timezone.localdate()
    ).select_related("body", "occupation")
    initial = {"body": request.GET.get("body"), "session": request.GET.get("session")}
    if initial["session"]:
        initial["kind"] = InspectionKind.ON_SITE
    form = PlanForm(request.POST or None, bodies=bodies, sessions=sessions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = svc.plan_inspection(
                user=request.user,
                body=data["body"],
                kind=data["kind"],
                planned_for=data["planned_for"] or (data["session"].date if data["session"] else None),
                session=data["session"],
                topic=data["topic"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Inspection %(n)s planned.") % {"n": inspection.number})
            return redirect(inspection)
    return render(request, "audits/inspection_form.html", {"form": form})


@login_required
def inspection_detail(request, pk: int):
    inspection = visible_inspection(request, pk)
    user = request.user
    actions = [a for a in available_transitions(inspection, user) if a in PAGE_ACTIONS]
    answers = {a.item_id: a for a in inspection.answers.all()}
    items = [(item, answers.get(item.pk)) for item in inspection.template.items.all()]
    return render(
        request,
        "audits/inspection_detail.html",
        {
            "inspection": inspection,
            "items": items,
            "answered": len(answers),
            "findings": inspection.findings.select_related("item").prefetch_related("evidence"),
            "orders": inspection.orders.all(),
            "reports": inspection.reports.order_by("-revision"),
            "report": current_report(inspection),
            "timeline": timeline(inspection),
            "actions": actions,
            "can_assign": perm.officer_of(inspection, user)
            and inspection.status in (InspectionStatus.PLANNED, InspectionStatus.ASSIGNED),
            "can_fill": perm.assigned_supervisor(inspection, user)
            and inspection.status == InspectionStatus.IN_PROGRESS,
        },
    )


@login_required
def inspection_action(request, pk: int, action: str):
    inspection = visible_inspection(request, pk)

    def run(form):
        reason = form.cleaned_data.get("reason", "")
        if action == "start":
            svc.start_inspection(inspection=inspection, user=request.user)
        elif action == "return_for_revision":
            svc.return_inspection(inspection=inspection, user=request.user, reason=reason)
        elif action == "review":
            svc.review_inspection(
                inspection=inspection,
                user=request.user,
                note=reason,
                deadline=form.cleaned_data.get("deadline"),
            )
        elif action == "close":
            svc.close_inspection(inspection=inspection, user=request.user, note=reason)
        elif action == "cancel":
            svc.cancel_inspection(inspection=inspection, user=request.user, reason=reason)

    fields = {"deadline"} if action == "review" else ()
    return confirm_transition(request, inspection, action, actions=PAGE_ACTIONS, run=run, fields=fields)


@login_required
def inspection_assign(request, pk: int):
    inspection = visible_inspection(request, pk)
    if not perm.officer_of(inspection, request.user):
        raise PermissionDenied
    if inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.ASSIGNED):
        return not_possible_now(request, inspection)
    pool = svc.pool_for(inspection)
    form = AssignForm(
        request.POST or None, pool=pool, load=pool.load, initial={"expected_status": inspection.status}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["expected_status"] != inspection.status:
            messages.error(request, StaleObjectError.message)
            return redirect(inspection)
        try:
            svc.assign_supervisor(
                inspection=inspection, user=request.user, certification=form.cleaned_data["certification"]
            )
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(inspection)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Assigned to %(name)s.") % {"name": inspection.supervisor.name})
            return redirect(inspection)
    excluded = sorted(
        ((str(recusal.REASONS[code]), n) for code, n in pool.reason_counts().items()), key=lambda r: -r[1]
    )
    return render(
        request,
        "audits/inspection_assign.html",
        {"inspection": inspection, "form": form, "excluded": excluded},
    )


def _fill_context(inspection, answer_form, finding_form):
    return {
        "inspection": inspection,
        "answer_form": answer_form,
        "finding_form": finding_form,
        "findings": inspection.findings.select_related("item").prefetch_related("evidence"),
    }


def _own_in_progress(request, pk: int) -> Inspection:
    inspection = visible_inspection(request, pk)
    if not perm.assigned_supervisor(inspection, request.user):
        raise PermissionDenied
    return inspection


@login_required
def inspection_fill(request, pk: int):
    """The supervisor's checklist: one answer per item, saved as often as they like, then signed."""
    inspection = _own_in_progress(request, pk)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        messages.error(request, _("The inspection can be filled only while it is in progress."))
        return redirect(inspection)
    items = inspection.template.items.all()
    answers = {a.item_id: a for a in inspection.answers.all()}
    answer_form = ChecklistAnswerForm(request.POST or None, items=items, answers=answers)
    if request.method == "POST" and answer_form.is_valid():
        try:
            saved = svc.save_answers(inspection=inspection, user=request.user, answers=answer_form.answers())
        except ValidationError as exc:
            add_errors(answer_form, exc)
        else:
            messages.success(request, _("%(n)s answers saved.") % {"n": saved})
            if request.POST.get("then") == "submit":
                return redirect("audits:inspection_submit", pk=inspection.pk)
            return redirect("audits:inspection_fill", pk=inspection.pk)
    return render(
        request,
        "audits/inspection_fill.html",
        _fill_context(inspection, answer_form, FindingForm(items=items)),
    )


@login_required
@require_POST
def finding_add(request, pk: int):
    inspection = _own_in_progress(request, pk)
    items = inspection.template.items.all()
    form = FindingForm(request.POST, request.FILES, items=items)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.add_finding(
                inspection=inspection,
                user=request.user,
                severity=data["severity"],
                description=data["description"],
                item_id=int(data["item"]) if data["item"] else None,
                uploads=data["evidence"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect("audits:inspection_fill", pk=inspection.pk)
    answers = {a.item_id: a for a in inspection.answers.all()}
    answer_form = ChecklistAnswerForm(items=items, answers=answers)
    return render(
        request, "audits/inspection_fill.html", _fill_context(inspection, answer_form, form), status=400
    )


@login_required
@require_POST
def finding_delete(request, pk: int):
    finding = get_object_or_404(Finding.objects.select_related("inspection"), pk=pk)
    inspection = _own_in_progress(request, finding.inspection_id)
    try:
        svc.remove_finding(finding=finding, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Finding removed."))
    return redirect("audits:inspection_fill", pk=inspection.pk)


@login_required
def inspection_submit(request, pk: int):
    inspection = _own_in_progress(request, pk)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        return not_possible_now(request, inspection)
    form = SubmitForm(
        request.POST or None, initial={"expected_status": inspection.status, "summary": inspection.summary}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["expected_status"] != inspection.status:
            messages.error(request, StaleObjectError.message)
            return redirect(inspection)
        try:
            svc.sign_and_submit(
                inspection=inspection,
                user=request.user,
                signed_name=data["signed_name"],
                summary=data["summary"],
                pledge=data["pledge"],
            )
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(inspection)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Inspection submitted; the report has been issued."))
            return redirect(inspection)
    counts = inspection.findings.values("severity").annotate(n=Count("id")).order_by()
    return render(
        request,
        "audits/inspection_submit.html",
        {
            "inspection": inspection,
            "form": form,
            "unanswered": inspection.template.items.exclude(answers__inspection=inspection),
            "counts": {row["severity"]: row["n"] for row in counts},
        },
    )


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("finding"), pk=pk)
    if not selectors.inspections_visible_to(request.user).filter(pk=evidence.finding.inspection_id).exists():
        raise Http404
    if request.GET.get("thumb") and evidence.thumbnail:
        return FileResponse(evidence.thumbnail.open("rb"), content_type="image/jpeg")
    name = f"{evidence.sha256[:12]}.{evidence.extension}"
    return file_response(evidence.file, name=name, content_type=CONTENT_TYPES[evidence.extension])


@login_required
def plan_new(request):
    if not (is_centre(request.user) or is_district_officer(request.user)):
        raise PermissionDenied
    form = RandomPlanForm(request.POST or None, initial={"planned_for": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = planning.plan_random(
                user=request.user,
                criteria=form.criteria(),
                count=data["count"],
                planned_for=data["planned_for"],
                seed=data["seed"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Random plan made: %(n)s inspections.") % {"n": plan.requested})
            return redirect(plan)
    plans = (
        RandomPlan.objects.all()
        if is_centre(request.user)
        else RandomPlan.objects.filter(created_by=request.user)
    )
    return render(
        request, "audits/plan_form.html", {"form": form, "plans": plans.select_related("created_by")[:20]}
    )


@login_required
def plan_detail(request, pk: int):
    if not (is_centre(request.user) or is_district_officer(request.user)):
        raise PermissionDenied
    plan = get_object_or_404(RandomPlan, pk=pk)
    inspections = selectors.inspections_visible_to(request.user).filter(plan=plan)
    if not is_centre(request.user) and plan.created_by_id != request.user.pk:
        raise Http404
    unassigned = plan.explanation.get("unassigned", {})
    reasons = {
        int(body_id): ", ".join(f"{recusal.REASONS[code]} × {n}" for code, n in counts.items())
        for body_id, counts in unassigned.items()
    }
    rows = [(i, reasons.get(i.body_id, "")) for i in inspections.order_by("pk")]
    return render(request, "audits/plan_detail.html", {"plan": plan, "rows": rows})
