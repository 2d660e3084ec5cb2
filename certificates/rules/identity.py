"""Rules about the candidate: a valid resident ID, the minimum age, one certificate per occupation and level."""

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from django.conf import settings
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from certificates.models import CertificateStatus
from certificates.rules import hits
from certificates.rules.data import Frames, arrow, day_text, isin

_WELL_FORMED = r"[0-9]{17}[0-9X]"
# Levels run from -1 (首席技师) to 5.
_LOWEST_LEVEL, _LEVELS = -1, 7


def _stdnum_reason(number: str) -> str:
    """Why python-stdnum refuses an ID ('' if it accepts it), in words an officer can check."""
    try:
        ric.validate(number)
    except stdnum_errors.InvalidLength:
        return _("resident ID has %(length)s characters, not 18") % {"length": len(ric.compact(number))}
    except stdnum_errors.InvalidFormat:
        return _("resident ID is not 17 digits and a check character")
    except stdnum_errors.InvalidChecksum:
        compact = ric.compact(number)
        return _("resident ID check digit is %(found)s, should be %(expected)s") % {
            "found": compact[-1],
            "expected": ric.calc_check_digit(compact),
        }
    except stdnum_errors.ValidationError:
        compact = ric.compact(number)
        try:
            born = ric.get_birth_date(compact)
        except stdnum_errors.ValidationError:
            return _("resident ID birth date %(date)s is not a date") % {"date": compact[6:14]}
        return _("resident ID area code %(area)s was not in use in %(year)s") % {
            "area": compact[:6],
            "year": born.year,
        }
    return ""


def checked_ids(frames: Frames) -> pd.DataFrame:
    """The targets' distinct IDs, checked once per run (ID_INVALID and UNDER_AGE both need them)."""
    return frames.memo(
        "checked_ids", lambda: check_ids(pd.Series(frames.rows["id_number"].unique(), dtype="str"))
    )


def check_ids(ids: pd.Series) -> pd.DataFrame:
    """Each of these distinct IDs: its birth date if python-stdnum accepts it, else why not.

    Same verdict as ric.validate for every ID, without calling it 10^5 times: the common case (17 digits
    and a check character, a real date) is checked column-wise, the birth-place lookup (the slow part) is
    made once per area code and birth year, and only the IDs failing those checks go through
    ric.validate one by one, for the reason.
    """
    ids = ids.reset_index(drop=True)
    compact = ids.str.strip().str.upper()
    formed = compact.str.fullmatch(_WELL_FORMED).fillna(False).astype(bool)
    born = pd.to_datetime(compact.where(formed).str.slice(6, 14), format="%Y%m%d", errors="coerce")
    checked = pd.Series(False, index=ids.index)
    fast = formed & born.notna()
    check = [ric.calc_check_digit(number) for number in compact[fast]]
    checked[fast] = compact[fast].str.slice(17, 18).to_numpy() == np.array(check, dtype=object)
    # the birth place, once per (area code, birth year)
    place = pd.DataFrame({"area": compact.str.slice(0, 6), "year": born.dt.year})[checked]
    sample = compact[checked].groupby([place["area"], place["year"]]).first()
    place_ok = pd.Series({k: _stdnum_reason(number) == "" for k, number in sample.items()}, dtype=bool)
    if len(place_ok):
        keys = pd.MultiIndex.from_frame(place)
        checked[checked] = place_ok.reindex(keys).fillna(False).to_numpy()
    reason = pd.Series("", index=ids.index, dtype="str")
    slow = ~checked
    reason[slow] = [_stdnum_reason(number) for number in ids[slow]]
    # Birth dates for the age rule; an ID stdnum accepts with a year pandas cannot hold (before 1677,
    # after 2262) has none, and is skipped by UNDER_AGE.
    birth = born.where(checked).astype("datetime64[s]")
    return pd.DataFrame({"id_number": ids, "birth_date": birth, "reason": reason})


def id_invalid(frames: Frames) -> pd.DataFrame:
    """ID_INVALID: the resident ID fails python-stdnum's check (length, check digit, birth date, area
    code in use in the birth year). Every row, passed or failed: the ID is the candidate's identity."""
    verdicts = checked_ids(frames)
    bad = verdicts[verdicts["reason"] != ""]
    if bad.empty:
        return hits.none()
    rows = frames.rows.loc[isin(frames.rows["id_number"], bad["id_number"]), ["id", "body_id", "id_number"]]
    detail = rows["id_number"].map(bad.set_index("id_number")["reason"])
    return hits.for_rows(rows, detail)


def under_age(frames: Frames) -> pd.DataFrame:
    """UNDER_AGE: younger than AUDIT_MIN_CANDIDATE_AGE on the exam date (birth date from the ID; rows
    with an invalid ID are skipped, ID_INVALID covers them). Every row: sitting the exam is the fault.
    Age in whole years; the birthday counts from its own day (born 29 February: 1 March in other years)."""
    minimum = settings.AUDIT_MIN_CANDIDATE_AGE
    verdicts = checked_ids(frames)
    frames.forget("checked_ids")  # the last rule using them
    # Only people born less than `minimum` + 1 years before the latest exam can be too young.
    latest = frames.rows["exam_date"].max()
    if pd.isna(latest):
        return hits.none()
    young_enough = verdicts["birth_date"] > latest - pd.DateOffset(years=minimum + 1)
    births = verdicts[young_enough].set_index("id_number")["birth_date"]
    if births.empty:
        return hits.none()
    rows = frames.rows.loc[
        isin(frames.rows["id_number"], births.index.to_series()), ["id", "body_id", "id_number", "exam_date"]
    ]
    born = pd.Series(births.reindex(rows["id_number"]).to_numpy(), index=rows.index, dtype="datetime64[s]")
    exam = rows["exam_date"]
    age = exam.dt.year - born.dt.year
    before_birthday = (exam.dt.month * 100 + exam.dt.day) < (born.dt.month * 100 + born.dt.day)
    age = age - before_birthday.astype("int64")
    young = rows[born.notna() & (age < minimum)]
    if young.empty:
        return hits.none()
    detail = hits.say(
        _("candidate born %(born)s was %(age)s on the exam date %(exam)s (minimum age %(minimum)s)"),
        young.index,
        born=day_text(born[young.index]),
        age=age[young.index].astype("int64"),
        exam=day_text(exam[young.index]),
        minimum=minimum,
    )
    return hits.for_rows(young, detail)


def person_duplicate(frames: Frames) -> pd.DataFrame:
    """PERSON_DUPLICATE: the same ID holds another certificate for the same occupation and level. Among
    one person's unrevoked certificates of one occupation and level (ordered by issue date, exam date,
    then storage order), every one after the first is flagged. Only rows with a certificate number;
    a revoked certificate is no longer held, so neither counts nor is flagged."""
    context = frames.sharing(
        "id_number",
        [
            "id",
            "roster_id",
            "line",
            "body_id",
            "occupation_id",
            "level",
            "id_number",
            "exam_date",
            "issue_date",
            "certificate_no",
            "status",
        ],
    )
    holding = (context["certificate_no"] != "") & (context["status"] != CertificateStatus.REVOKED)
    held = np.flatnonzero(holding.to_numpy())
    if len(held) == 0:
        return hits.none()
    person, people = pd.factorize(context["id_number"].iloc[held])
    occupation, occupations = pd.factorize(context["occupation_id"].to_numpy()[held])
    level = context["level"].to_numpy()[held].astype("int64")
    width = len(occupations) * _LEVELS

    def group_of(person, occupation, level):
        return person.astype("int64") * width + occupation * _LEVELS + (level - _LOWEST_LEVEL)

    group = group_of(person, occupation, level)
    if not frames.everything:  # only the (person, occupation, level) groups the targets are in
        rows = frames.rows
        # positions in `people` (-1: not held), by pyarrow: an Index of 10^6 strings would hash Python objects
        found = pc.index_in(arrow(rows["id_number"]), value_set=arrow(people).combine_chunks())
        mine = group_of(
            pc.fill_null(found, -1).to_numpy().astype("int64"),
            pd.Index(occupations).get_indexer(rows["occupation_id"]),
            rows["level"].to_numpy().astype("int64"),
        )
        group = np.where(np.isin(group, mine), group, -1 - np.arange(len(group)))  # untouched: alone

    def day_number(column: str) -> np.ndarray:
        days = context[column].to_numpy()[held].view("int64").copy()
        days[days == np.iinfo("int64").min] = np.iinfo("int64").max  # no date: last
        return days

    order = np.lexsort(
        (context["id"].to_numpy()[held], day_number("exam_date"), day_number("issue_date"), group)
    )
    in_order = group[order]
    later = np.concatenate(([False], in_order[1:] == in_order[:-1]))
    if not later.any():
        return hits.none()
    first = np.maximum.accumulate(np.where(later, 0, np.arange(len(order))))
    flagged = context.iloc[held[order[later]]][["id", "body_id", "occupation_id", "level"]]
    earlier = context.iloc[held[order[first[later]]]][["certificate_no", "issue_date", "line", "roster_id"]]
    names = frames.roster_names(earlier["roster_id"])

    def aligned(values: pd.Series) -> pd.Series:
        return pd.Series(values.to_numpy(), index=flagged.index)

    detail = hits.say(
        _(
            "already certified for %(what)s: certificate %(number)s issued %(issued)s (line %(line)s of %(roster)s)"
        ),
        flagged.index,
        what=hits.occupation_level(frames, flagged),
        number=aligned(earlier["certificate_no"]),
        issued=aligned(day_text(earlier["issue_date"]).fillna("?")),
        line=aligned(earlier["line"]),
        roster=aligned(earlier["roster_id"].map(names).fillna("?")),
    )
    return hits.for_rows(flagged, detail)
