"""Rules about certificate numbers: well formed and matching the row, and never used twice."""

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from certificates.rules import hits
from certificates.rules.data import Frames, day_text

# Filing number (letter + 12 digits) + 2-digit issue year + level digit + 6-digit serial (domain.md §3.7).
_STANDARD = r"[A-Z][0-9]{21}"
# 特级技师 / 首席技师 (levels 0 and -1, employer pilot): 2 letters + 20 digits.
_PILOT = r"[A-Z]{2}[0-9]{20}"


def cert_no_format(frames: Frames) -> pd.DataFrame:
    """CERT_NO_FORMAT: the number is not 22 characters of the right shape, or its first 13 characters
    are not the body's filing number, its year digits not the issue date's year (when there is an
    issue date), or its level digit not the row's level. Pilot levels (0, -1) are checked for shape
    only. Only rows with a certificate number."""
    columns = ["id", "body_id", "level", "issue_date", "certificate_no"]
    rows = frames.rows.loc[frames.rows["certificate_no"] != "", columns]
    if rows.empty:
        return hits.none()
    number = rows["certificate_no"]
    pilot = rows["level"] <= 0
    standard_shape = number.str.fullmatch(_STANDARD).fillna(False).astype(bool)
    pilot_shape = number.str.fullmatch(_PILOT).fillna(False).astype(bool)
    malformed = ~standard_shape.where(~pilot, pilot_shape)
    standard = standard_shape & ~pilot
    filing_no = rows["body_id"].map(frames.bodies["filing_no"]).fillna("")
    wrong_prefix = standard & (number.str.slice(0, 13) != filing_no)
    issue_year = rows["issue_date"].dt.year
    expected_year = (issue_year % 100).astype("Int64").astype("str").str.zfill(2)
    wrong_year = standard & issue_year.notna() & (number.str.slice(13, 15) != expected_year)
    wrong_level = standard & (number.str.slice(15, 16) != rows["level"].astype("str"))
    flagged = rows[malformed | wrong_prefix | wrong_year | wrong_level]
    if flagged.empty:
        return hits.none()

    index = flagged.index
    number, filing_no = number[index], filing_no[index].replace("", _("(none: body not filed)"))
    expected = pilot[index].map({True: _("2 letters and 20 digits"), False: _("a letter and 21 digits")})
    reasons = [
        hits.say(
            _("certificate number %(number)s is malformed (%(length)s characters; expected %(expected)s)"),
            index,
            number=number,
            length=number.str.len(),
            expected=expected,
        ).where(malformed[index], ""),
        hits.say(
            _("prefix %(prefix)s is not the body's filing number %(filing_no)s"),
            index,
            prefix=number.str.slice(0, 13),
            filing_no=filing_no,
        ).where(wrong_prefix[index], ""),
        hits.say(
            _("year digits %(digits)s do not match the issue date %(date)s"),
            index,
            digits=number.str.slice(13, 15),
            date=day_text(flagged["issue_date"]).fillna(""),
        ).where(wrong_year[index], ""),
        hits.say(
            _("level digit %(digit)s does not match level %(level)s"),
            index,
            digit=number.str.slice(15, 16),
            level=flagged["level"],
        ).where(wrong_level[index], ""),
    ]
    return hits.for_rows(flagged, hits.joined(reasons, index))


def cert_no_duplicate(frames: Frames) -> pd.DataFrame:
    """CERT_NO_DUPLICATE: the number is on another stored row (of this roster or an earlier one, revoked
    or not: a number is never reissued). The row stored first keeps it; every later one is flagged.
    Only rows with a certificate number."""
    context = frames.sharing(
        "certificate_no", ["id", "roster_id", "line", "body_id", "exam_date", "certificate_no"]
    )
    numbered = np.flatnonzero((context["certificate_no"] != "").to_numpy())
    code, _numbers = pd.factorize(context["certificate_no"].iloc[numbered])
    order = np.argsort(context["id"].to_numpy()[numbered], kind="stable")
    later = pd.Series(code[order]).duplicated().to_numpy()  # in storage order: all but the first
    if not later.any():
        return hits.none()
    first_of = np.empty(code.max() + 1, dtype="int64")
    first_of[code[order[~later]]] = numbered[order[~later]]
    flagged = context.iloc[numbered[order[later]]]
    earlier = context.iloc[first_of[code[order[later]]]]
    names = frames.roster_names(earlier["roster_id"])
    bodies = frames.bodies["code"]

    def aligned(values: pd.Series) -> pd.Series:
        return pd.Series(values.to_numpy(), index=flagged.index)

    detail = hits.say(
        _(
            "certificate number %(number)s already used on line %(line)s of %(roster)s (body %(body)s, exam %(exam)s)"
        ),
        flagged.index,
        number=flagged["certificate_no"],
        line=aligned(earlier["line"]),
        roster=aligned(earlier["roster_id"].map(names).fillna("?")),
        body=aligned(earlier["body_id"].map(bodies).fillna("?")),
        exam=aligned(day_text(earlier["exam_date"])),
    )
    return hits.for_rows(flagged, detail)
