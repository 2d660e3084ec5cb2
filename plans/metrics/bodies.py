"""Bodies filed and active, and technical colleges filed, on the days of a period (stocks).

A body's status on a day is rebuilt from its transitions' effective dates (registry.selectors), never read
from the stored status: a body revoked in March is active on 1 February and not on 1 April. "Active" is
the status `active` (free to assess and issue, as registry.selectors.active_on says); "filed" counts every
body whose filing is in force, active or not (under rectification or suspended), and not those revoked,
expired or exited.
"""

import datetime

import pandas as pd

from plans.models import TechnicalCollege
from registry.models import AssessmentBody, BodyStatus
from registry.models.body import IN_FORCE_STATUSES
from registry.selectors import body_history, body_statuses_on

ACTIVE = {BodyStatus.ACTIVE.value}
IN_FORCE = {status.value for status in IN_FORCE_STATUSES}
BODY_COLUMNS = ["id", "kind", "district_id", "credit_code", "status"]


def bodies() -> pd.DataFrame:
    """Every body: id, kind, district_id, credit_code and its stored status (one query)."""
    rows = AssessmentBody.objects.order_by("pk").values_list(*(["pk", *BODY_COLUMNS[1:]]))
    return pd.DataFrame(list(rows), columns=BODY_COLUMNS)


def states_on(days: list[datetime.date], registry: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """One row per body and day: the body's columns, `day` (datetime64) and its `status` on that day."""
    if registry.empty or not days:
        return registry.iloc[0:0].assign(day=pd.Series(dtype="datetime64[s]"))
    stamps = pd.Series(pd.to_datetime(days)).astype("datetime64[s]")
    queries = registry.merge(pd.DataFrame({"day": stamps}), how="cross").rename(columns={"id": "object_id"})
    current = registry.set_index("id")["status"]
    queries["status"] = body_statuses_on(queries, history=history, current=current).to_numpy()
    return queries.rename(columns={"object_id": "id"})


def first_filed(history: pd.DataFrame) -> pd.Series:
    """body id → the day its first filing took effect (its first pending → active transition)."""
    first = history[(history["source_state"] == BodyStatus.PENDING) & (history["state"] == BodyStatus.ACTIVE)]
    return first.groupby("object_id")["day"].min()


def rollup(frame: pd.DataFrame, dimensions: tuple[str, ...]) -> dict[tuple, int]:
    """Rows counted per day and per every subset of `dimensions`: (day, value or None, …) → count."""
    counts: dict[tuple, int] = {}
    for mask in range(2 ** len(dimensions)):
        chosen = [d for n, d in enumerate(dimensions) if mask & (1 << n)]
        for key, count in frame.groupby(["day", *chosen]).size().items():
            key = key if isinstance(key, tuple) else (key,)
            values = dict(zip(chosen, key[1:], strict=True))
            counts[(key[0], *(values.get(d) for d in dimensions))] = int(count)
    return counts


class BodyFacts:
    """The registry read once: every body's status on each of `days` and on `stock_day`."""

    def __init__(self, days: list[datetime.date], stock_day: datetime.date):
        self.registry = bodies()
        self.history = body_history()
        self.days = sorted({*days, stock_day})
        self.states = states_on(self.days, self.registry, self.history)
        self.first_filed = first_filed(self.history)
        self.active = rollup(self.states[self.states["status"].isin(ACTIVE)], ("district_id", "kind"))

    def on(self, day: datetime.date | pd.Timestamp) -> pd.DataFrame:
        return self.states[self.states["day"] == pd.Timestamp(day)]

    def active_on(self, day, *, district_id: int | None = None, kind: str | None = None) -> int:
        """How many bodies were active on `day` (one of the days asked), in a district, of a kind."""
        return self.active.get((pd.Timestamp(day), district_id, kind or None), 0)

    def filed_between(self, start: datetime.date, until: datetime.date) -> pd.DataFrame:
        """Bodies (registry columns) whose first filing took effect from `start` to `until`."""
        days = self.first_filed
        ids = days[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(until))].index
        return self.registry[self.registry["id"].isin(ids)]


def colleges() -> pd.DataFrame:
    """The catalogue: id, name, credit_code, district_id, district (name), closed_on (datetime64); by
    district code, then name (sorted here, so both databases' collations give the same order)."""
    columns = ["id", "name", "credit_code", "district_id", "district", "district_code", "closed_on"]
    rows = TechnicalCollege.objects.values_list(
        "pk", "name", "credit_code", "district_id", "district__name", "district__code", "closed_on"
    )
    frame = pd.DataFrame(sorted(rows, key=lambda row: (row[5], row[1])), columns=columns)
    frame["closed_on"] = pd.to_datetime(frame["closed_on"]).astype("datetime64[s]")
    return frame


class CollegeFacts:
    """The catalogue on each day the bodies were read on: the colleges open that day (not closed on or
    before it), each `filed` when a body with its credit code held a filing in force that day (as on the
    colleges' page, plans.selectors.colleges_with_filing)."""

    def __init__(self, catalogue: pd.DataFrame, bodies: BodyFacts):
        stamps = pd.DataFrame({"day": pd.Series(pd.to_datetime(bodies.days)).astype("datetime64[s]")})
        every = (
            catalogue.merge(stamps, how="cross")
            if len(catalogue)
            else catalogue.assign(day=stamps["day"][:0])
        )
        every = every[every["closed_on"].isna() | (every["closed_on"] > every["day"])].copy()
        in_force = bodies.states.loc[bodies.states["status"].isin(IN_FORCE), ["credit_code", "day"]]
        filed = set(in_force.itertuples(index=False, name=None))
        pairs = every[["credit_code", "day"]].itertuples(index=False, name=None)
        every["filed"] = pd.Series([pair in filed for pair in pairs], index=every.index, dtype=bool)
        self.open = every
        self.open_counts = rollup(every, ("district_id",))
        self.filed_counts = rollup(every.loc[every["filed"]], ("district_id",))

    def on(self, day, *, district_id: int | None = None) -> pd.DataFrame:
        rows = self.open[self.open["day"] == pd.Timestamp(day)]
        return rows if district_id is None else rows[rows["district_id"] == district_id]

    def filed_on(self, day, *, district_id: int | None = None) -> int:
        return self.filed_counts.get((pd.Timestamp(day), district_id), 0)

    def open_on(self, day, *, district_id: int | None = None) -> int:
        return self.open_counts.get((pd.Timestamp(day), district_id), 0)
