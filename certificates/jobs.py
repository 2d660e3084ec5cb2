"""The certificate side's background jobs, registered with jobs.kinds in CertificatesConfig.ready():
a roster's import and audit, the full audit, and the registry export."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.roles import Role, has_role, is_centre
from common.tables import errors_csv, kept
from jobs import kinds
from jobs.kinds import JobFailed, Outcome
from jobs.services import input_bytes, result_path

ROSTER_IMPORT = "roster_import"
FULL_AUDIT = "full_audit"
REGISTRY_EXPORT = "registry_export"
ERROR_FOLDER = "roster-errors"  # one of ERROR_REPORT_FOLDERS; read back by certificates' roster_errors view
SHOWN_ERRORS = 20  # problems written into a refused import's message; all of them are in its CSV


def import_roster_job(job, progress) -> Outcome:
    from certificates.services.rosters import RosterRefused, import_roster

    try:
        outcome = import_roster(
            user=job.owner, data=input_bytes(job), filename=job.params["filename"], progress=progress
        )
    except RosterRefused as refused:
        token = f"{job.owner.pk}-{uuid.uuid4().hex}"
        kept.keep(ERROR_FOLDER, f"{token}.csv", errors_csv(refused.errors))
        total = refused.total or len(refused.errors)
        lines = [
            f"{_('Row')} {e.row or '—'} · {e.column} · {e.value} — {e.message}"
            for e in refused.errors[:SHOWN_ERRORS]
        ]
        head = ngettext(
            "The file was refused: %(n)s problem. Nothing was stored.",
            "The file was refused: %(n)s problems. Nothing was stored.",
            total,
        ) % {"n": total}
        raise JobFailed(
            "\n".join([head, *lines]),
            url=reverse("certificates:roster_errors", args=[token]),
            url_label=_("Download every problem (CSV)"),
        ) from refused
    except (PermissionDenied, ValidationError) as exc:
        raise JobFailed(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
    roster = outcome.roster
    summary = _("%(stored)s rows stored (%(skipped)s already known); %(hits)s rows flagged by the audit.") % {
        "stored": outcome.rows_stored,
        "skipped": outcome.rows_skipped,
        "hits": roster.hits,
    }
    if outcome.rows_late:
        summary += " " + _("%(n)s rows were reported after their deadline.") % {"n": outcome.rows_late}
    return Outcome(summary=summary, url=roster.get_absolute_url(), url_label=_("The roster's audit hits"))


def full_audit_job(job, progress) -> Outcome:
    from certificates.services.audit import audit

    progress.phase("auditing")
    outcome = audit()
    return Outcome(
        summary=_("%(hits)s new hits; %(cases)s cases opened.")
        % {"hits": outcome.new_hits, "cases": len(outcome.cases)},
        url=reverse("certificates:findings"),
        url_label=_("The findings"),
    )


def registry_export_job(job, progress) -> Outcome:
    from certificates.services.export import registry_frames, write_zip

    progress.phase("reading")
    frames = registry_frames(mask_ids=bool(job.params.get("mask_ids")))
    progress.phase("writing", total=sum(len(f) for f in frames.values()))
    name = f"registry-{timezone.localdate():%Y%m%d}.zip"
    path = result_path(job, name)
    write_zip(path, frames)
    progress.rows(sum(len(f) for f in frames.values()))
    return Outcome(
        summary=", ".join(f"{file}: {len(frame)}" for file, frame in frames.items()),
        file=path,
        file_name=name,
    )


def register() -> None:
    kinds.register(
        ROSTER_IMPORT,
        label=gettext_lazy("Roster import and audit"),
        run=import_roster_job,
        may_start=lambda user: has_role(user, Role.CENTRE_OFFICER, Role.BODY_ADMIN),
        phases={
            "reading": gettext_lazy("reading and checking the file"),
            "storing": gettext_lazy("storing the rows"),
            "auditing": gettext_lazy("auditing"),
        },
    )
    kinds.register(
        FULL_AUDIT,
        label=gettext_lazy("Full certificate audit"),
        run=full_audit_job,
        may_start=is_centre,
        phases={"auditing": gettext_lazy("auditing")},
    )
    kinds.register(
        REGISTRY_EXPORT,
        label=gettext_lazy("Registry export"),
        run=registry_export_job,
        may_start=is_centre,
        phases={
            "reading": gettext_lazy("reading the register"),
            "writing": gettext_lazy("writing the files"),
        },
    )
