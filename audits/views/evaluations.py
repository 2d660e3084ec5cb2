"""The yearly evaluation: the centre schedules and scores, the body assesses itself, results go public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from audits import permissions as perm
from audits import selectors
from audits.forms import ScheduleForm, ScoresForm, SelfAssessmentForm
from audits.models import Evaluation, EvaluationStatus, Grade
from audits.reports.issue import current_report
from audits.services import evaluations as svc
from audits.views.common import file_response
from common.forms import REVIEW_AREAS, add_errors
from common.transitions import StaleObjectError, available_transitions, timeline
from common.views import confirm_transition, not_possible_now, page_of, query_without_page

# The transitions run from a confirmation page (self-assessment and scores have their own forms).
PAGE_ACTIONS = ["assign_grade", "publish_result"]


@login_required
def evaluation_list(request):
    qs = selectors.evaluations_visible_to(request.user)
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    qs = qs.filter(year=year)
    progress = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id")).order_by()}
    grades = {
        row["grade"]: row["n"]
        for row in qs.exclude(grade="").values("grade").annotate(n=Count("id")).order_by()
    }
    todo = request.GET.get("todo", "")
    if todo in selectors.EVALUATION_TODO:  # a to-do link: this user's share, of every year
        qs = selectors.EVALUATION_TODO[todo](request.user)
    else:
        todo = ""
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status in EvaluationStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(body__name__icontains=q))
    return render(
        request,
        "audits/evaluation_list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "year": year,
            "years": years,
            "status": status,
            "todo": todo,
            "q": q,
            "progress": [(code, label, progress.get(code, 0)) for code, label in EvaluationStatus.choices],
            "grades": [(code, label, grades.get(code, 0)) for code, label in Grade.choices],
            "can_schedule": is_centre(request.user),
        },
    )


@login_required
def evaluation_schedule(request):
    if not is_centre(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = ScheduleForm(
        request.POST or None, initial={"year": today.year, "due_on": today.replace(month=12, day=31)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = svc.schedule_evaluations(
                user=request.user, year=form.cleaned_data["year"], due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(n)s evaluations scheduled.") % {"n": len(made)})
            return redirect(f"{reverse('audits:evaluation_list')}?year={form.cleaned_data['year']}")
    return render(request, "audits/evaluation_schedule.html", {"form": form})


def _visible(request, pk: int) -> Evaluation:
    return get_object_or_404(selectors.evaluations_visible_to(request.user), pk=pk)


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _visible(request, pk)
    labels = dict(REVIEW_AREAS)
    return render(
        request,
        "audits/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "scores": [(labels[a], evaluation.scores.get(a)) for a in labels],
            "timeline": timeline(evaluation),
            "report": current_report(evaluation),
            "actions": [a for a in available_transitions(evaluation, request.user) if a in PAGE_ACTIONS],
            "can_self_assess": evaluation.status == EvaluationStatus.SCHEDULED
            and perm.body_administrator(evaluation, request.user),
            "can_score": evaluation.status == EvaluationStatus.SELF_ASSESSED and is_centre(request.user),
            "proposals": evaluation.proposals.all(),
        },
    )


def _stale(request, form, evaluation) -> bool:
    if form.cleaned_data["expected_status"] != evaluation.status:
        messages.error(request, StaleObjectError.message)
        return True
    return False


@login_required
def evaluation_self_assess(request, pk: int):
    evaluation = _visible(request, pk)
    if not perm.body_administrator(evaluation, request.user):
        raise PermissionDenied
    if evaluation.status != EvaluationStatus.SCHEDULED:
        return not_possible_now(request, evaluation)
    form = SelfAssessmentForm(
        request.POST or None,
        request.FILES or None,
        initial={"expected_status": evaluation.status, "text": evaluation.self_assessment},
    )
    if request.method == "POST" and form.is_valid():
        if _stale(request, form, evaluation):
            return redirect(evaluation)
        try:
            svc.submit_self_assessment(
                evaluation=evaluation,
                user=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("document"),
            )
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(evaluation)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Self-assessment submitted."))
            return redirect(evaluation)
    return render(
        request,
        "audits/evaluation_form.html",
        {"evaluation": evaluation, "form": form, "title": _("Self-assessment")},
    )


@login_required
def evaluation_scores(request, pk: int):
    evaluation = _visible(request, pk)
    if not is_centre(request.user):
        raise PermissionDenied
    if evaluation.status != EvaluationStatus.SELF_ASSESSED:
        return not_possible_now(request, evaluation)
    form = ScoresForm(request.POST or None, initial={"expected_status": evaluation.status})
    if request.method == "POST" and form.is_valid():
        if _stale(request, form, evaluation):
            return redirect(evaluation)
        try:
            svc.record_scores(
                evaluation=evaluation,
                user=request.user,
                scores=form.scores(),
                experts=form.cleaned_data["experts"],
            )
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
            return redirect(evaluation)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Scores recorded; total %(t)s.") % {"t": evaluation.total})
            return redirect(evaluation)
    return render(
        request,
        "audits/evaluation_form.html",
        {"evaluation": evaluation, "form": form, "title": _("Experts' scores")},
    )


@login_required
def evaluation_action(request, pk: int, action: str):
    evaluation = _visible(request, pk)

    def run(form):
        if action == "assign_grade":
            svc.grade_evaluation(evaluation=evaluation, user=request.user)
        else:
            svc.publish_evaluation(evaluation=evaluation, user=request.user)

    return confirm_transition(request, evaluation, action, actions=PAGE_ACTIONS, run=run)


@login_required
def self_assessment_download(request, pk: int):
    evaluation = _visible(request, pk)
    return file_response(
        evaluation.self_assessment_file, name=f"{evaluation.number}-self.pdf", content_type="application/pdf"
    )
