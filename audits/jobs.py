"""Supervision's background job, registered with jobs.kinds in AuditsConfig.ready(): the PDFs of many
reports (the current revision of each inspection's or evaluation's report) rendered into one zip."""

import zipfile

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_centre
from jobs import kinds
from jobs.kinds import Outcome
from jobs.services import result_path

REPORT_BUNDLE = "report_bundle"


def current_reports(*, kind: str = "", year: int | None = None):
    """The latest revision of every report (of one kind, issued in one year, when given), by number."""
    from audits.models import Report

    reports = Report.objects.all()
    if kind:
        reports = reports.filter(kind=kind)
    if year:
        reports = reports.filter(issued_on__year=year)
    latest = reports.values("number").annotate(revision=Max("revision"))
    pairs = {(row["number"], row["revision"]) for row in latest}
    wanted = [r.pk for r in reports.only("pk", "number", "revision") if (r.number, r.revision) in pairs]
    return Report.objects.filter(pk__in=wanted).select_related("inspection", "evaluation").order_by("number")


def render_reports_job(job, progress) -> Outcome:
    from audits.reports.pdf import filename, render_pdf

    reports = list(current_reports(kind=job.params.get("kind", ""), year=job.params.get("year")))
    progress.phase("rendering", total=len(reports))
    name = f"reports-{timezone.localdate():%Y%m%d}.zip"
    path = result_path(job, name)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed
        for done, report in enumerate(reports, start=1):
            archive.writestr(filename(report), render_pdf(report))
            progress.rows(done)
    return Outcome(summary=_("%(n)s reports rendered.") % {"n": len(reports)}, file=path, file_name=name)


def register() -> None:
    kinds.register(
        REPORT_BUNDLE,
        label=gettext_lazy("Report PDFs in one zip"),
        run=render_reports_job,
        may_start=is_centre,
        phases={"rendering": gettext_lazy("rendering the reports")},
    )
