"""What the dashboard, the monthly report and the public statistics show, as plain data.

`plans.dashboard` computes these from stored facts (through `plans.metrics`); the pages, the charts
(`plans/templates/plans/charts/`, static/js/charts.js), the report's SVG charts (`plans.svg`) and its
XLSX read nothing else. Every figure is an int; months are 1–12 of the plan's year.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Progress:
    """One target against what has been done, as of a day.

    `monthly[m - 1]` is the cumulative count at the end of month m (or on `as_of`, for its month), None for
    months after `as_of`; `pace[m - 1]` is the straight pro-rata line, target × m / 12 (rounded). For a
    stock metric (bodies filed, colleges filed) the monthly figure is the stock at the month's end."""

    key: str  # the target's metric, e.g. "bodies_active"
    label: str  # e.g. "评价机构总量"
    scope: str  # e.g. "全市", "渝中区", "企业"
    target: int
    actual: int
    expected: int  # where the pace line stands on `as_of`: target × elapsed days of the year / days in it
    monthly: list[int | None]
    pace: list[int]

    @property
    def ahead(self) -> int:
        """Positive ahead of pace, negative behind, in the metric's own unit."""
        return self.actual - self.expected

    @property
    def percent(self) -> int:
        """Share of the target reached, 0–100 (capped), for a progress bar."""
        return min(100, round(100 * self.actual / self.target)) if self.target else 0


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]
    code: str = ""  # a district's GB/T 2260 code for the map, a kind's or level's value otherwise


@dataclass(frozen=True)
class Table:
    """A breakdown: one row per district / kind / level / occupation, one column per figure.

    It is what a chart draws and the accessible table beside it lists, and one sheet of the report's
    XLSX. `chart` says how to draw it: "bar" (ranked horizontal bars of the first column), "map" (the
    districts coloured by the first column; rows carry district codes), "stack" (columns stacked), or
    "" for a table alone."""

    key: str  # also the XLSX sheet's name and the element id, e.g. "bodies_by_district"
    title: str
    columns: tuple[str, ...]  # column headings after the row label's
    rows: list[Row]
    label_heading: str = ""
    chart: str = "bar"
    total: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Dashboard:
    """Everything on one dashboard page (and in one monthly report)."""

    year: int
    plan_name: str
    as_of: datetime.date
    scope: str  # "全市" or a district's name
    progress: list[Progress] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    colleges_filed: list[tuple[str, str, bool]] = field(default_factory=list)  # (name, district, filed)
