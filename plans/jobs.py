"""The plans app's background job, registered with jobs.kinds in PlansConfig.ready(): a monthly report
started from the dashboard."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import kinds
from jobs.kinds import Outcome
from plans.permissions import may_see_dashboard, own_district, sees_citywide

MONTHLY_REPORT = "monthly_report"


def run_monthly_report(job, progress) -> Outcome:
    from plans.services import generate_monthly_report
    from registry.models import District

    code = job.params.get("district") or ""
    district = District.objects.get(code=code) if code else None
    # The page offers a district officer only its own district; a job's params are checked again here.
    if not sees_citywide(job.owner) and (district is None or district != own_district(job.owner)):
        raise PermissionDenied(_("You may not do this."))
    progress.phase("rendering")
    made = generate_monthly_report(
        year=job.params["year"], month=job.params["month"], district=district, by=job.owner, job=job
    )
    return Outcome(
        summary=_("Monthly report %(year)s-%(month)02d (%(scope)s, as of %(day)s) made.")
        % {"year": made.year, "month": made.month, "scope": made.scope, "day": made.as_of.isoformat()},
        url=reverse("dashboard:reports") + f"#report-{made.pk}",
        url_label=_("Download the monthly report"),
    )


def register() -> None:
    kinds.register(
        MONTHLY_REPORT,
        label=gettext_lazy("Monthly report"),
        run=run_monthly_report,
        may_start=may_see_dashboard,
        phases={"rendering": gettext_lazy("computing the figures and drawing the report")},
    )
