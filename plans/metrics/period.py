"""The plan year as of a day: which days the figures are read on, and the pro-rata pace line."""

import calendar
import datetime
import math
from dataclasses import dataclass

import pandas as pd
from django.utils import timezone


def half_up(value: float) -> int:
    """Rounded as people round (2.5 → 3), not to even as round() does."""
    return math.floor(value + 0.5)


@dataclass(frozen=True)
class Period:
    """Plan year `year` seen on `as_of`.

    Flows (evaluations, certifications, inspections…) count what took effect from 1 January to `until`
    (`as_of`, or 31 December once the year is over); stocks (bodies, colleges) are read on `until`. The
    months are read on `days`: the end of each month that has begun by `as_of`, the last of them `as_of`
    itself (or 31 December); months still to come have no day and show None."""

    year: int
    as_of: datetime.date

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def until(self) -> datetime.date:
        """The last day counted: `as_of` within the year, 31 December after it (before it, the day before
        the year begins, so that nothing of the year counts)."""
        return max(min(self.as_of, self.end), self.start - datetime.timedelta(days=1))

    @property
    def stock_day(self) -> datetime.date:
        """The day stocks (bodies, colleges) are read on: `as_of`, or 31 December once the year is over."""
        return min(self.as_of, self.end)

    @property
    def started(self) -> bool:
        return self.as_of >= self.start

    @property
    def days(self) -> list[datetime.date]:
        """The day each begun month is read on: its last day, or `as_of` for the month it falls in."""
        days = []
        for month in range(1, 13):
            first = datetime.date(self.year, month, 1)
            if first > self.as_of:
                break
            last = first.replace(day=calendar.monthrange(self.year, month)[1])
            days.append(min(last, self.as_of))
        return days

    @property
    def cutoff(self) -> datetime.datetime:
        """The first moment after `as_of` (local time): a result stored from then on is not yet known."""
        return moment(self.as_of + datetime.timedelta(days=1))

    @property
    def days_in_year(self) -> int:
        return 366 if calendar.isleap(self.year) else 365

    @property
    def elapsed_days(self) -> int:
        """Days of the year from 1 January to `as_of`, both counted (0 before the year, all after it)."""
        return (self.until - self.start).days + 1

    def expected(self, target: int) -> int:
        """Where the straight pro-rata line stands on `as_of`: target × elapsed days / days in the year."""
        return half_up(target * self.elapsed_days / self.days_in_year)

    @staticmethod
    def pace(target: int) -> list[int]:
        """target × m / 12 for each month m."""
        return [half_up(target * month / 12) for month in range(1, 13)]

    def monthly(self, values: list[int]) -> list[int | None]:
        """The value read on each of `days`, padded with None for the months still to come."""
        return [*values, *([None] * (12 - len(values)))]


def moment(day: datetime.date) -> datetime.datetime:
    """The first moment of `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def local_days(moments: pd.Series) -> pd.Series:
    """Aware datetimes → their local day (datetime64[s]; NaT where empty), as common.status_on dates a
    transition logged without an effective date."""
    days = [pd.Timestamp(timezone.localdate(moment)) if pd.notna(moment) else pd.NaT for moment in moments]
    return pd.Series(days, index=moments.index, dtype="datetime64[s]")


def first_days(log: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """For each id of `ids`, the earliest `day` of its rows in `log` (a common.status_on history, already
    narrowed to the transitions that matter), NaT where it has none; on `ids`' index."""
    earliest = log.groupby("object_id")["day"].min().to_dict()
    return pd.Series(pd.to_datetime(ids.map(earliest)), index=ids.index).astype("datetime64[s]")
