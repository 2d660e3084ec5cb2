"""The result tallies the dashboard reads (plans.models.ResultTally), written after imports and daily."""

from django.db import transaction

from certificates.jobs import ROSTER_IMPORT
from certificates.models import Result, Roster
from jobs.models import JobStatus
from plans.metrics.results import TALLY_KEYS, tallied
from plans.models import ResultTally, TalliedRoster


def tally_rosters() -> int:
    """Tally every stored roster not tallied yet; returns how many were. Idempotent, and safe beside
    another run: each roster is claimed by creating its mark, in the transaction that writes its tally."""
    waiting = (
        Roster.objects.exclude(pk__in=TalliedRoster.objects.values("roster_id"))
        .order_by("pk")
        .values_list("pk", "uploaded_at")
    )
    done = 0
    for roster_id, received_at in list(waiting):
        with transaction.atomic():
            _mark, claimed = TalliedRoster.objects.get_or_create(roster_id=roster_id)
            if not claimed:
                continue
            groups = tallied(Result.objects.filter(roster_id=roster_id)).values(
                *TALLY_KEYS, "evaluations", "certificates"
            )
            ResultTally.objects.bulk_create(
                (ResultTally(roster_id=roster_id, received_at=received_at, **group) for group in groups),
                batch_size=2000,
            )
        done += 1
    return done


def tally_after_import(job) -> None:
    """jobs.hooks.on_finished: a roster just stored is tallied at once, not at the next daily run."""
    if job.kind == ROSTER_IMPORT and job.status == JobStatus.DONE:
        tally_rosters()
