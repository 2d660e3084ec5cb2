"""Rules about the body: it may assess only its filed scope, and only while active."""

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certificates.rules import hits
from certificates.rules.data import Frames, day_text, grouped
from registry.models import BodyStatus
from registry.selectors import body_statuses_on, scope_in_force

_EXAM = ["body_id", "occupation_id", "level", "exam_date"]


def _periods(lines: pd.DataFrame) -> pd.Series:
    """'2024-01-05 to 2026-03-01' (or '… to now') for each scope line."""
    return hits.say(
        _("%(start)s to %(end)s"),
        lines.index,
        start=day_text(lines["effective_from"]),
        end=day_text(lines["effective_to"]).fillna(_("now")),
    )


def out_of_scope(frames: Frames) -> pd.DataFrame:
    """OUT_OF_SCOPE: on the exam date the body had no scope line in force for the row's occupation and
    level (in force: effective_from ≤ exam date ≤ effective_to, or no end). Any work type of the
    occupation counts. Every row, passed or failed: assessing outside the scope is the fault."""
    group_of_row, exams = grouped(frames.rows, _EXAM)
    lines = frames.scope_lines
    paired = exams.merge(lines, on=["body_id", "occupation_id", "level"], how="left")
    in_force = scope_in_force(paired, paired["exam_date"])
    covered = paired[in_force][_EXAM].drop_duplicates()
    outside = exams.reset_index(names="group").merge(covered, on=_EXAM, how="left", indicator=True)
    outside = outside[outside["_merge"] == "left_only"].drop(columns="_merge")
    if outside.empty:
        return hits.none()

    ever = paired[paired["effective_from"].notna()].merge(outside, on=_EXAM)
    ever = ever.assign(period=_periods(ever))
    filed = (
        ever.groupby(_EXAM, sort=True)["period"]
        .agg(pgettext("between scope periods", ", ").join)
        .rename("filed")
    )
    outside = outside.merge(filed, on=_EXAM, how="left")
    index = outside.index
    what = hits.occupation_level(frames, outside)
    was_filed = outside["filed"].notna()
    not_then = hits.say(
        _("%(what)s not in the body's filed scope on %(date)s (filed %(periods)s)"),
        index,
        what=what,
        date=day_text(outside["exam_date"]),
        periods=outside["filed"].fillna(""),
    )
    never = hits.say(_("%(what)s never in the body's filed scope"), index, what=what)
    outside["detail"] = not_then.where(was_filed, never)

    return hits.for_grouped_rows(frames.rows, group_of_row, outside.set_index("group")["detail"])


def body_not_active(frames: Frames) -> pd.DataFrame:
    """BODY_NOT_ACTIVE: on the exam date the body was not `active` (registry.selectors.body_statuses_on:
    the state after its last transition effective on or before that day; before its first filing,
    pending). Every row, passed or failed: a body not active may not assess at all."""
    group_of_row, exams = grouped(frames.rows, ["body_id", "exam_date"])
    asked = exams.rename(columns={"body_id": "object_id", "exam_date": "day"})
    state = body_statuses_on(asked, history=frames.body_history, current=frames.bodies["status"])
    inactive = exams[state != BodyStatus.ACTIVE].assign(status=state[state != BodyStatus.ACTIVE])
    if inactive.empty:
        return hits.none()
    index, date = inactive.index, day_text(inactive["exam_date"])
    status = inactive["status"].map(hits.labels(BodyStatus)).fillna(_("unknown"))
    inactive["detail"] = hits.say(
        _("body status on %(date)s: %(status)s"), index, status=status, date=date
    ).where(
        inactive["status"] != BodyStatus.PENDING,
        hits.say(_("body not yet filed (pending) on %(date)s"), index, date=date),
    )
    return hits.for_grouped_rows(frames.rows, group_of_row, inactive["detail"])
