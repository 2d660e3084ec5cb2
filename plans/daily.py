"""The plans app's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from plans.services import report_last_month
from plans.tallies import tally_rosters
from schedule.registry import daily


@daily("tally_results", _("Tally the results of new rosters for the plan dashboard"), at="02:00")
def tally_results() -> str:
    return f"{tally_rosters()} rosters tallied"


@daily("monthly_report", _("Make last month's citywide monthly report"), at="02:30")
def monthly_report() -> str:
    made = report_last_month()
    if made is None:
        return "0 monthly reports made (last month's is there, or no plan covers it)"
    return f"1 monthly report made ({made.year}-{made.month:02d}, as of {made.as_of})"
