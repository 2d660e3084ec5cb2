"""Rules about the examiners named on a row: qualified on the exam date, and not overloaded that day.

A row names its examiners in one ';'-separated column: 10^6 rows name some 3·10^6 examiners, but only a
few thousand sessions (the same examiners on the same day). So rows are first grouped by what the rule
looks at (examiner list, exam date, level), the groups' lists are split (in pyarrow), each distinct
examiner × day judged once, and the verdicts mapped back to the rows through their group.
"""

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from django.conf import settings
from django.utils.translation import gettext as _

from certificates.rules import hits
from certificates.rules.data import Frames, arrow, day_text, grouped, isin
from examiners.models.certification import CertificationStatus, Grade, Role, grade_needed
from examiners.selectors import certified_frame


def named(groups: pd.DataFrame) -> pd.DataFrame:
    """One line per (group, examiner number) of `groups`: `group` (position) and `examiner_no`.

    `examiner_nos` is split on ';', each part trimmed and upper-cased, each number once per group; a
    group naming nobody has one line with the empty number.
    """
    parts = pc.split_pattern(arrow(groups["examiner_nos"].fillna("")), pattern=";")
    numbers = pc.utf8_upper(pc.utf8_trim_whitespace(pc.list_flatten(parts)))
    lines = pd.DataFrame(
        {
            "group": pc.list_parent_indices(parts).to_numpy(),
            "examiner_no": pd.Series(pd.array(numbers, dtype="str")),
        }
    )
    names_somebody = lines.loc[lines["examiner_no"] != "", "group"].unique()
    lines = lines[(lines["examiner_no"] != "") | ~lines["group"].isin(names_somebody)]
    return lines.drop_duplicates().sort_values(["group", "examiner_no"]).reset_index(drop=True)


def _row_hits(rows: pd.DataFrame, group_of_row: np.ndarray, lines: pd.DataFrame) -> pd.DataFrame:
    """Hits for the rows whose group has lines with a reason: a group's reasons joined in number order."""
    lines = lines[lines["reason"] != ""].sort_values(["group", "examiner_no"])
    if lines.empty:
        return hits.none()
    return hits.for_grouped_rows(
        rows, group_of_row, lines.groupby("group", sort=True)["reason"].agg(hits.separator().join)
    )


def examiner_not_qualified(frames: Frames) -> pd.DataFrame:
    """EXAMINER_NOT_QUALIFIED: an examiner number on the row is unknown, is not an examiner's, was not
    `certified` on the exam date (examiners.selectors.certified_frame: the status rebuilt from the
    effective dates of its transitions, and the exam date inside its validity, valid_from to valid_to), or its grade may not assess the level
    (grade_needed). A row naming no examiner is flagged too. Every row, passed or failed."""
    rows = frames.rows
    group_of_row, groups = grouped(rows, ["examiner_nos", "exam_date", "level"])
    lines = named(groups)
    lines = lines.assign(
        exam_date=groups["exam_date"].to_numpy()[lines["group"]],
        level=groups["level"].to_numpy()[lines["group"]],
    )
    asked = lines[["examiner_no", "exam_date", "level"]].drop_duplicates()
    asked = asked.assign(reason=_unqualified(frames, asked.reset_index(drop=True)).to_numpy())
    lines = lines.merge(asked, on=["examiner_no", "exam_date", "level"])
    return _row_hits(rows, group_of_row, lines)


def _unqualified(frames: Frames, asked: pd.DataFrame) -> pd.Series:
    """For each distinct (examiner_no, exam_date, level): what is wrong, or ''."""
    number = asked["examiner_no"].astype("str")
    certs = frames.certifications.drop_duplicates("certificate_no").set_index("certificate_no")
    known = isin(number, pd.Series(certs.index, dtype="str"))
    cert = certs.reindex(number).set_axis(asked.index)
    is_examiner = cert["role"] == Role.EXAMINER

    queries = pd.DataFrame({"object_id": cert["id"], "day": asked["exam_date"]})[known]
    verdict = certified_frame(
        frames.certifications, frames.certification_history, queries.astype({"object_id": "int64"})
    ).reindex(asked.index)
    state = verdict["status"]
    in_window = (cert["valid_from"] <= asked["exam_date"]) & (asked["exam_date"] <= cert["valid_to"])
    grade_ok = pd.Series(False, index=asked.index)
    for level in asked["level"].unique():
        at_level = asked["level"] == level
        grade_ok[at_level] = cert.loc[at_level, "grade"].isin([str(g) for g in grade_needed(int(level))])

    nobody = number == ""
    unknown = ~nobody & ~known
    supervisor = known & ~is_examiner
    # the selector decides; the status and the window say why
    uncertified = known & is_examiner & ~verdict["certified"].fillna(False).astype(bool)
    not_certified = uncertified & (state != CertificationStatus.CERTIFIED)
    outside = uncertified & ~in_window.fillna(False).astype(bool)
    low_grade = known & is_examiner & ~grade_ok
    failing = nobody | unknown | supervisor | uncertified | low_grade
    if not failing.any():
        return pd.Series("", index=asked.index, dtype="str")

    bad, cert = asked[failing], cert[failing]
    index, who, date = bad.index, number[failing], day_text(bad["exam_date"])
    status = state[failing].map(hits.labels(CertificationStatus)).fillna(_("unknown"))
    grade = cert["grade"].map(hits.labels(Grade)).fillna("")
    reasons = [
        pd.Series(_("no examiner named"), index=index).where(nobody[failing], ""),
        hits.say(_("examiner %(number)s unknown"), index, number=who).where(unknown[failing], ""),
        hits.say(
            _("examiner %(number)s is a quality supervisor's certificate, not an examiner's"),
            index,
            number=who,
        ).where(supervisor[failing], ""),
        hits.say(
            _("examiner %(number)s status on %(date)s: %(status)s"),
            index,
            number=who,
            date=date,
            status=status,
        ).where(not_certified[failing], ""),
        hits.say(
            _("examiner %(number)s certificate valid %(start)s to %(end)s, not on %(date)s"),
            index,
            number=who,
            start=day_text(cert["valid_from"]).fillna("?"),
            end=day_text(cert["valid_to"]).fillna("?"),
            date=date,
        ).where(outside[failing], ""),
        hits.say(
            _("examiner %(number)s is graded %(grade)s and may not assess level %(level)s"),
            index,
            number=who,
            grade=grade,
            level=bad["level"],
        ).where(low_grade[failing], ""),
    ]
    return hits.joined(reasons, bad.index).reindex(asked.index, fill_value="")


def examiner_overload(frames: Frames) -> pd.DataFrame:
    """EXAMINER_OVERLOAD: an examiner number appears on more than AUDIT_EXAMINER_DAILY_LIMIT stored rows
    (candidates, across all bodies and rosters) with one exam date. Every row of that examiner-day is
    flagged, passed or failed: which of them were assessed properly cannot be told. With a roster, the
    examiner-days it touches are counted over all stored rows and all their rows are flagged."""
    limit = settings.AUDIT_EXAMINER_DAILY_LIMIT
    context = frames.sharing("exam_date", ["id", "body_id", "exam_date", "examiner_nos"])
    group_of_row, groups = grouped(context, ["examiner_nos", "exam_date"])
    lines = named(groups)
    lines = lines[lines["examiner_no"] != ""]
    lines = lines.assign(
        exam_date=groups["exam_date"].to_numpy()[lines["group"]],
        rows=np.bincount(group_of_row, minlength=len(groups))[lines["group"]],
    )
    days = (
        lines.groupby(["examiner_no", "exam_date"], sort=True)["rows"]
        .sum()
        .rename("candidates")
        .reset_index()
    )
    over = days[days["candidates"] > limit]
    if not frames.everything and not over.empty:
        _rows_group, mine = grouped(frames.rows, ["examiner_nos", "exam_date"])
        mine = named(mine).assign(exam_date=lambda m: mine["exam_date"].to_numpy()[m["group"]])
        over = over.merge(
            mine[["examiner_no", "exam_date"]].drop_duplicates(), on=["examiner_no", "exam_date"]
        )
    if over.empty:
        return hits.none()
    over = over.assign(
        reason=hits.say(
            _("examiner %(number)s assessed %(count)s candidates on %(date)s (limit %(limit)s)"),
            over.index,
            number=over["examiner_no"],
            count=over["candidates"],
            date=day_text(over["exam_date"]),
            limit=limit,
        )
    )
    lines = lines.merge(over[["examiner_no", "exam_date", "reason"]], on=["examiner_no", "exam_date"])
    return _row_hits(context, group_of_row, lines)
