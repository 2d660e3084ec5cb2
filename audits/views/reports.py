"""Report downloads and the public verification page a report's QR code points to."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.roles import is_centre
from audits import selectors
from audits.jobs import REPORT_BUNDLE
from audits.models import Report, ReportKind
from audits.reports.issue import canonical, content_hash
from audits.reports.pdf import filename, render_pdf
from jobs import services as job_services


def report_verify_lookup(request):
    """The form behind 'verify a report': a typed code goes to its page."""
    code = (request.GET.get("code") or "").strip().upper().replace(" ", "")
    if code:
        return redirect("reports_verify", code=code)
    return render(request, "audits/report_verify.html", {"report": None, "code": ""})


def report_verify(request, code: str):
    """Public: the report's number, subject, date and content hash, recomputed from the stored content."""
    report = Report.objects.filter(code=code.strip().upper()).first()
    context = {"report": report, "code": code}
    if report is not None:
        context.update(
            intact=content_hash(report.content) == report.content_sha256,
            latest=Report.objects.filter(number=report.number).order_by("-revision").first(),
            size=len(canonical(report.content)),
        )
    return render(request, "audits/report_verify.html", context, status=200 if report else 404)


@login_required
def report_pdf(request, pk: int):
    report = get_object_or_404(Report.objects.select_related("inspection", "evaluation"), pk=pk)
    if not selectors.can_view_report(request.user, report):
        raise Http404
    response = HttpResponse(render_pdf(report, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    return response


@login_required
def report_bundle(request):
    """The centre asks for many reports' PDFs at once: a job renders them into one zip."""
    if not is_centre(request.user):
        raise PermissionDenied
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        year = request.POST.get("year", "")
        params = {
            "kind": kind if kind in ReportKind.values else "",
            "year": int(year) if year.isdigit() and len(year) == 4 else None,
        }
        return redirect(job_services.start(kind=REPORT_BUNDLE, owner=request.user, params=params))
    years = sorted({d.year for d in Report.objects.dates("issued_on", "year")}, reverse=True)
    return render(request, "audits/report_bundle.html", {"kinds": ReportKind.choices, "years": years})
