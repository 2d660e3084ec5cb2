"""Resident IDs (GB 11643) with their area code checked the way codes are really given.

python-stdnum's ric.validate wants the area code in use in the birth year, as if the number were
assigned at birth. It is assigned at first registration (usually at 16), and before 1999 a new one was
given on every move between counties; so a code is right if it was in use at any time between the
holder's birth and the day the ID is shown (the exam date). It is wrong only if it was retired before
the holder was born, came into use after that day, or never existed. stdnum still checks the length,
format, check digit and birth date, and its GB/T 2260 history (cn/loc) is the record of the codes.
"""

import datetime
import functools

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

# First and last year of use; None: open (in use from before the record began, or still in use).
Period = tuple[int | None, int | None]


@functools.cache
def _areas() -> numdb.NumDB:
    return numdb.get("cn/loc")


@functools.cache
def years_of_use(area: str) -> tuple[Period, ...]:
    """The periods in which this 6-digit area code was in use, in order, touching ones joined; () if it
    never existed. stdnum writes a code's names as '[1983-1993]市中区,[1994-1997]渝中区' (no brackets:
    in use throughout)."""
    if len(area) != 6 or not area.isdigit():
        return ()
    names = {key: value for _part, props in _areas().info(area) for key, value in props.items()}
    if "county" not in names:  # a province's prefix alone is not a code
        return ()
    periods = []
    for name in names["county"].split(","):
        if not name.startswith("["):
            return ((None, None),)
        start, end = name[1:].split("]")[0].split("-")
        periods.append((int(start) if start else None, int(end) if end else None))
    joined: list[Period] = []
    for start, end in sorted(periods, key=lambda p: -1 if p[0] is None else p[0]):
        if start is not None and end is not None and end < start:
            continue  # the record holds a few empty periods such as [1983-1982]
        if joined and (joined[-1][1] is None or start is None or start <= joined[-1][1] + 1):
            first, last = joined[-1]
            joined[-1] = (first, None if last is None or end is None else max(last, end))
        else:
            joined.append((start, end))
    return tuple(joined)


@functools.cache
def in_use_from(area: str, born: int) -> int | None:
    """The first year from `born` on in which the code was in use (`born` itself if it was in use then);
    None if it never was after `born` (retired before, or never existed)."""
    for start, end in years_of_use(area):
        if end is None or end >= born:
            return born if start is None or start <= born else start
    return None


def in_use(area: str, born: int, until: int | None = None) -> bool:
    """Whether the code was in use in some year from `born` to `until` (None: to this day)."""
    first = in_use_from(area, born)
    return first is not None and (until is None or first <= until)


def validate(number: str, *, on: datetime.date | None = None) -> str:
    """The compact ID if it is valid on day `on` (None: any day from now on), else a stdnum
    ValidationError: ric.validate's checks, except that the area code must be in use at some time
    between birth and `on`, not in the birth year."""
    number = ric.compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not isdigits(number[:-1]):
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    born = ric.get_birth_date(number)
    if not in_use(number[:6], born.year, None if on is None else on.year):
        raise InvalidComponent()
    return number


def is_valid(number: str, *, on: datetime.date | None = None) -> bool:
    try:
        return bool(validate(number, on=on))
    except ValidationError:
        return False
