"""Run the certificate audit: the 13 rules over stored results, then their hits grouped into cases."""

from dataclasses import dataclass, field

from django.db import transaction

from certificates.models import AuditCase, Hit, Roster


@dataclass
class AuditOutcome:
    new_hits: int = 0
    cases: list[AuditCase] = field(default_factory=list)


@transaction.atomic
def audit(*, roster: Roster | None = None) -> AuditOutcome:
    """After an import, the roster's rows (row rules) and the groups they touch (statistical rules);
    without a roster, everything stored. New hits join the open case of their body and rule."""
    from django.utils import timezone

    from certificates import rules
    from certificates.services import cases

    new_hits = rules.run(roster_id=roster.pk if roster else None)
    opened = cases.assign_open_hits()
    if roster is not None:
        # counted from the hits (thousands), not by joining them to the roster's rows (up to 10^6)
        roster.hits = Hit.objects.filter(result__roster=roster).values("result_id").distinct().count()
        roster.audited_at = timezone.now()
        roster.save(update_fields=["hits", "audited_at"])
    return AuditOutcome(new_hits=new_hits, cases=opened)
