"""Rules about one row's scores and dates: a certificate needs passing scores, dates in order and past."""

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _

from certificates.rules import hits
from certificates.rules.data import Frames, day_text

# Levels 2 and 1 (and the pilot grades above them) also need a comprehensive review (domain.md §3.7).
REVIEW_FROM_LEVEL = 2


def _score(values: pd.Series) -> pd.Series:
    """60, 59.5: scores as written, without a trailing '.0'."""
    return values.map("{:g}".format)


def score_fail_certified(frames: Frames) -> pd.DataFrame:
    """SCORE_FAIL_CERTIFIED: a certificate number was given although theory or skill is below
    RESULT_PASS_SCORE, or, at levels 2, 1 and the pilot grades, the comprehensive review is below it or
    missing (at levels 5–3 the review is not required and is ignored). Only rows with a number."""
    mark = settings.RESULT_PASS_SCORE
    columns = ["id", "body_id", "level", "theory_score", "skill_score", "review_score"]
    rows = frames.rows.loc[frames.rows["certificate_no"] != "", columns]
    needs_review = rows["level"] <= REVIEW_FROM_LEVEL
    low_theory = rows["theory_score"] < mark
    low_skill = rows["skill_score"] < mark
    no_review = needs_review & rows["review_score"].isna()
    low_review = needs_review & (rows["review_score"] < mark)
    failing = rows[low_theory | low_skill | no_review | low_review]
    if failing.empty:
        return hits.none()
    index = failing.index
    reasons = [
        hits.say(
            _("theory %(score)s < %(mark)s"), index, score=_score(failing["theory_score"]), mark=mark
        ).where(low_theory[index], ""),
        hits.say(
            _("skill %(score)s < %(mark)s"), index, score=_score(failing["skill_score"]), mark=mark
        ).where(low_skill[index], ""),
        hits.say(
            _("comprehensive review %(score)s < %(mark)s"),
            index,
            score=_score(failing["review_score"].fillna(0)),
            mark=mark,
        ).where(low_review[index], ""),
        hits.say(_("no comprehensive review at level %(level)s"), index, level=failing["level"]).where(
            no_review[index], ""
        ),
    ]
    detail = hits.say(_("certificate issued with %(reasons)s"), index, reasons=hits.joined(reasons, index))
    return hits.for_rows(failing, detail)


def date_order(frames: Frames) -> pd.DataFrame:
    """DATE_ORDER: the issue date is before the exam date, or the exam or issue date is after the day
    the audit runs. Every row (a failed candidate's exam date can be in the future too); issue-date
    checks only where there is an issue date."""
    rows = frames.rows
    today = frames.today
    early = rows["issue_date"] < rows["exam_date"]
    exam_ahead = rows["exam_date"] > today
    issue_ahead = rows["issue_date"] > today
    wrong = rows[early | exam_ahead | issue_ahead]
    if wrong.empty:
        return hits.none()
    index = wrong.index
    exam, issue = day_text(wrong["exam_date"]), day_text(wrong["issue_date"])
    reasons = [
        hits.say(_("issued %(issue)s before the exam on %(exam)s"), index, issue=issue, exam=exam).where(
            early[index], ""
        ),
        hits.say(_("exam date %(date)s is in the future"), index, date=exam).where(exam_ahead[index], ""),
        hits.say(_("issue date %(date)s is in the future"), index, date=issue).where(issue_ahead[index], ""),
    ]
    return hits.for_rows(wrong, hits.joined(reasons, index))
