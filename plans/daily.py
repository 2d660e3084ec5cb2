"""The plans app's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from plans.tallies import tally_rosters
from schedule.registry import daily


@daily("tally_results", _("Tally the results of new rosters for the plan dashboard"), at="02:00")
def tally_results() -> str:
    return f"{tally_rosters()} rosters tallied"
