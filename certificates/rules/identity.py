"""Rules about the candidate: a valid resident ID, the minimum age, one certificate per occupation and level."""

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from certificates.models import CertificateStatus
from certificates.rules import hits
from certificates.rules.data import Frames, arrow, day_text, isin
from common import resident_ids

_WELL_FORMED = r"[0-9]{17}[0-9X]"
# Levels run from -1 (首席技师) to 5.
_LOWEST_LEVEL, _LEVELS = -1, 7


def _years(periods: tuple[resident_ids.Period, ...]) -> str:
    """A code's years of use as a reader says them: '1983–1995', 'until 1997', 'since 2014'."""
    said = []
    for start, end in periods:
        if start is None:
            said.append(_("until %(end)s") % {"end": end})
        elif end is None:
            said.append(_("since %(start)s") % {"start": start})
        else:
            said.append(_("%(start)s–%(end)s") % {"start": start, "end": end})
    return pgettext("between the periods of use of an area code", ", ").join(said)


def _area_reason(area: str, born: int) -> str:
    """Why the area code cannot be the holder's ('' if it was in use in some year since their birth)."""
    if resident_ids.in_use_from(area, born) is not None:
        return ""
    periods = resident_ids.years_of_use(area)
    if not periods:
        return _("resident ID area code %(area)s does not exist") % {"area": area}
    return _("resident ID area code %(area)s was in use %(years)s; the holder was born in %(born)s") % {
        "area": area,
        "years": _years(periods),
        "born": born,
    }


def _reason(number: str) -> str:
    """Why an ID is refused ('' if it is not), in words an officer can check: python-stdnum's length,
    format, check digit and birth date, and an area code in use at some time since the birth."""
    try:
        resident_ids.validate(number)
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
        return _area_reason(compact[:6], born.year)
    return ""


def checked_ids(frames: Frames) -> pd.DataFrame:
    """The targets' distinct IDs, checked once per run (ID_INVALID and UNDER_AGE both need them)."""
    return frames.memo(
        "checked_ids", lambda: check_ids(pd.Series(frames.rows["id_number"].unique(), dtype="str"))
    )


def check_ids(ids: pd.Series) -> pd.DataFrame:
    """Each of these distinct IDs: its birth date if it is valid, else why not (common.resident_ids), and
    the year its area code came into use when that was after the birth year (the row's exam date must
    not be earlier: ID_INVALID checks that per row).

    Same verdict as resident_ids.validate for every ID, without calling it 10^5 times: the common case
    (17 digits and a check character, a real date) is checked column-wise, the area code once per area
    code and birth year, and only the IDs failing those checks go through validate one by one, for the
    reason.
    """
    ids = ids.reset_index(drop=True)
    compact = ids.str.strip().str.upper()
    formed = compact.str.fullmatch(_WELL_FORMED).fillna(False).astype(bool)
    born = pd.to_datetime(compact.where(formed).str.slice(6, 14), format="%Y%m%d", errors="coerce")
    checked = pd.Series(False, index=ids.index)
    fast = formed & born.notna()
    check = [ric.calc_check_digit(number) for number in compact[fast]]
    checked[fast] = compact[fast].str.slice(17, 18).to_numpy() == np.array(check, dtype=object)
    reason = pd.Series("", index=ids.index, dtype="str")
    area_from = pd.Series(pd.NA, index=ids.index, dtype="Int64")
    # the area code, once per (area code, birth year)
    place = pd.DataFrame({"area": compact.str.slice(0, 6), "year": born.dt.year})[checked]
    if len(place):
        keys = place.drop_duplicates()
        verdict = pd.DataFrame(
            [
                (resident_ids.in_use_from(area, int(year)), _area_reason(area, int(year)))
                for area, year in keys.itertuples(index=False, name=None)
            ],
            columns=["from", "reason"],
            index=pd.MultiIndex.from_frame(keys),
        )
        since = pd.array(verdict["from"].to_numpy(), dtype="Int64")
        verdict["from"] = pd.Series(since, index=verdict.index).where(since > keys["year"].to_numpy())
        found = verdict.reindex(pd.MultiIndex.from_frame(place))
        reason[checked] = found["reason"].to_numpy()
        area_from[checked] = found["from"].to_numpy()
    slow = ~checked
    reason[slow] = [_reason(number) for number in ids[slow]]
    # Birth dates for the age rule; a valid ID with a year pandas cannot hold (before 1677, after 2262)
    # has none, and is skipped by UNDER_AGE.
    birth = born.where(checked & (reason == "")).astype("datetime64[s]")
    return pd.DataFrame({"id_number": ids, "birth_date": birth, "reason": reason, "area_from": area_from})


def id_invalid(frames: Frames) -> pd.DataFrame:
    """ID_INVALID: the resident ID fails python-stdnum's check (length, format, check digit, birth date)
    or its area code was not in use at any time between the holder's birth and the exam date (retired
    before, in use only after, or never a code). Every row, passed or failed: the ID is the candidate's
    identity."""
    verdicts = checked_ids(frames)
    found = []
    bad = verdicts[verdicts["reason"] != ""]
    if not bad.empty:
        rows = frames.rows.loc[
            isin(frames.rows["id_number"], bad["id_number"]), ["id", "body_id", "id_number"]
        ]
        found.append(hits.for_rows(rows, rows["id_number"].map(bad.set_index("id_number")["reason"])))
    # codes that came into use after the exam: few IDs, checked against their rows' exam dates
    earliest = frames.rows["exam_date"].min()
    late = (
        verdicts[(verdicts["area_from"] > earliest.year).fillna(False)]
        if pd.notna(earliest)
        else verdicts[:0]
    )
    if not late.empty:
        rows = frames.rows.loc[
            isin(frames.rows["id_number"], late["id_number"]), ["id", "body_id", "id_number", "exam_date"]
        ]
        rows = rows[
            rows["exam_date"].dt.year < rows["id_number"].map(late.set_index("id_number")["area_from"])
        ]
        area = rows["id_number"].str.strip().str.slice(0, 6)
        detail = hits.say(
            _("resident ID area code %(area)s was in use %(years)s, not yet on the exam date %(exam)s"),
            rows.index,
            area=area,
            years=area.map(lambda code: _years(resident_ids.years_of_use(code))),
            exam=day_text(rows["exam_date"]),
        )
        found.append(hits.for_rows(rows, detail))
    found = [frame for frame in found if not frame.empty]
    return pd.concat(found, ignore_index=True) if found else hits.none()


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
