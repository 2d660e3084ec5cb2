"""The jobs pages: the list, one job with its live progress (polling `status`), retry and the result file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import page_of
from jobs import kinds, services
from jobs.models import Job
from jobs.selectors import jobs_visible_to


def _visible(request, pk: int) -> Job:
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


@login_required
def job_list(request):
    services.fail_stale()
    return render(request, "jobs/job_list.html", {"page": page_of(request, jobs_visible_to(request.user))})


@login_required
def job_detail(request, pk: int):
    services.fail_stale()
    job = _visible(request, pk)
    return render(
        request,
        "jobs/job_detail.html",
        {"job": job, "state": state_of(job), "poll_ms": int(settings.JOBS_POLL_SECONDS * 1000)},
    )


@login_required
def job_status(request, pk: int):
    """The job's progress as JSON, for its page's script."""
    services.fail_stale()
    return JsonResponse(state_of(_visible(request, pk)))


def state_of(job: Job) -> dict:
    percent = None
    if job.rows_total:
        percent = min(100, round(100 * job.rows_done / job.rows_total))
    return {
        "id": job.pk,
        "kind": kinds.label_of(job.kind),
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": job.finished,
        "phase": job.phase,
        "phase_label": kinds.phase_label(job.kind, job.phase) if job.phase else "",
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": percent,
        "heartbeat": formats.localize(job.heartbeat_at) if job.heartbeat_at else "",
        "summary": job.summary,
        "error": job.error,
        "result_url": job.result_url,
        "result_label": job.result_label,
        "result_file": bool(job.result_file),
    }


@login_required
@require_POST
def job_retry(request, pk: int):
    job = _visible(request, pk)
    try:
        again = services.retry(job=job, by=request.user)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    messages.success(request, _("The job runs again as job %(n)s.") % {"n": again.pk})
    return redirect(again)


@login_required
def job_result(request, pk: int):
    """The file the job produced (a zip, a CSV of problems), for whoever may see the job."""
    job = _visible(request, pk)
    if not job.result_file:
        raise Http404
    path = services.media_path(job.result_file)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or path.name)
