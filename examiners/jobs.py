"""The examiners' background job, registered with jobs.kinds in ExaminersConfig.ready(): the batch import
of certification training and exam results (examiners.imports), all-or-nothing as on the page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common import tables
from examiners.permissions import centre_officer
from jobs import kinds
from jobs.kinds import JobFailed, Outcome
from jobs.services import input_bytes, result_path

CERTIFICATION_RESULTS = "certification_results"
SHOWN_ERRORS = 20  # problems written into a refused import's message; all of them are in its CSV


def import_results_job(job, progress) -> Outcome:
    from examiners.imports import apply_results, parse_results

    progress.phase("checking")
    parsed = parse_results(input_bytes(job), filename=job.params["filename"])
    if not parsed.errors:
        progress.phase("recording", total=parsed.count)
        report = apply_results(parsed, user=job.owner)
    else:
        report = None
    errors = parsed.errors if report is None else report.errors
    if errors:
        path = result_path(job, "import-errors.csv")
        path.write_bytes(tables.errors_csv(errors))
        head = ngettext(
            "%(n)s problem found — nothing was stored",
            "%(n)s problems found — nothing was stored",
            len(errors),
        ) % {"n": len(errors)}
        lines = [
            f"{_('Row')} {e.row or '—'} · {e.column} · {e.value} — {e.message}" for e in errors[:SHOWN_ERRORS]
        ]
        raise JobFailed("\n".join([head, *lines]), file=path, file_name="import-errors.csv")
    progress.rows(report.rows)
    return Outcome(
        summary=_("%(rows)s rows imported: %(certified)s certified, %(examined)s not passed.")
        % {"rows": report.rows, "certified": report.certified, "examined": report.examined},
    )


def register() -> None:
    kinds.register(
        CERTIFICATION_RESULTS,
        label=gettext_lazy("Certification results import"),
        run=import_results_job,
        may_start=lambda user: centre_officer(None, user),
        phases={
            "checking": gettext_lazy("checking the file"),
            "recording": gettext_lazy("recording the results"),
        },
    )
