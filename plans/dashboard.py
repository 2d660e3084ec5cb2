"""The dashboard's figures (plans.figures) for a plan year as of a day, citywide or for one district.

Filled from plans.metrics; the pages, the monthly report and the public statistics read only these."""

import datetime

from plans.figures import Dashboard
from registry.models import District


def build(*, year: int, as_of: datetime.date, district: District | None = None) -> Dashboard:
    """Every target of the year's plan as a Progress (citywide targets, and for a district its own targets
    if it has any, else its share shown against the city's), and the breakdowns as Tables: bodies by
    district (chart "map") and by kind; evaluations and certificates by type, by level, by occupation (top
    20) and by district, with pass rate; new highly-skilled certificates; examiners and supervisors
    certified online / offline; inspections, findings by severity, overdue orders; audit hits, confirmed
    cases, revoked certificates; the technical colleges, filed or not."""
    raise NotImplementedError("plans.dashboard.build lands with the metrics (issue 12)")


def public_statistics(*, year: int, as_of: datetime.date) -> Dashboard:
    """Aggregates only, for /statistics/: counts by district, evaluation type and level; no targets'
    internals beyond the citywide figures, nothing about a person, no body below the district."""
    raise NotImplementedError("plans.dashboard.public_statistics lands with the metrics (issue 12)")
