"""How a Dashboard's figures are laid out for a page: each Progress and each Table with the data island its
chart is drawn from (json_script, read by static/js/charts.js) and the rows its HTML table lists.

The island and the table are made from the same rows here, in the same order, so the chart can draw
nothing the table does not list; the report's SVG charts (plans.svg) rank rows with the same function.
"""

from dataclasses import dataclass

from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plans.figures import Dashboard, Progress, Row, Table

CHART_KINDS = ("bar", "map", "stack", "")


def month_labels() -> list[str]:
    return [str(capfirst(MONTHS_3[m])) for m in range(1, 13)]


def ranked(table: Table) -> list[Row]:
    """The rows as the chart shows them: largest first for ranked bars, as the builder gave them otherwise."""
    if table.chart == "bar":
        return sorted(table.rows, key=lambda row: -row.values[0] if row.values else 0)
    return list(table.rows)


def progress_island(progress: Progress) -> dict:
    return {
        "kind": "progress",
        "title": f"{progress.label} · {progress.scope}",
        "months": month_labels(),
        "actual": list(progress.monthly),
        "pace": list(progress.pace),
        "target": progress.target,
        "names": {"actual": _("Done (cumulative)"), "pace": _("Pace to target")},
    }


def table_island(table: Table, *, highlight: str = "") -> dict:
    return {
        "kind": table.chart,
        "title": table.title,
        "label_heading": table.label_heading,
        "columns": list(table.columns),
        "rows": [{"label": r.label, "code": r.code, "values": list(r.values)} for r in ranked(table)],
        "highlight": highlight,
    }


@dataclass(frozen=True)
class ProgressView:
    progress: Progress
    element_id: str
    island_id: str
    data: dict
    months: list[tuple[str, int | None, int]]  # (month, cumulative, pace) for the table under the chart

    @property
    def behind_by(self) -> int:
        return -self.progress.ahead


@dataclass(frozen=True)
class TableView:
    table: Table
    rows: list[Row]
    element_id: str
    island_id: str
    data: dict
    highlight: str


def progress_view(index: int, progress: Progress) -> ProgressView:
    element_id = f"progress-{index}-{progress.key}"
    months = list(zip(month_labels(), progress.monthly, progress.pace, strict=True))
    return ProgressView(progress, element_id, f"{element_id}-data", progress_island(progress), months)


def table_view(table: Table, *, highlight: str = "") -> TableView:
    if table.chart not in CHART_KINDS:
        raise ValueError(f"{table.key}: unknown chart {table.chart!r}")
    island = table_island(table, highlight=highlight)
    return TableView(table, ranked(table), table.key, f"{table.key}-data", island, highlight)


def layout(dashboard: Dashboard, *, highlight: str = "") -> dict:
    """The template context of a dashboard: its cards and its tables, `highlight` a district code to mark."""
    return {
        "figures": dashboard,
        "cards": [progress_view(i, p) for i, p in enumerate(dashboard.progress)],
        "tables": [table_view(t, highlight=highlight) for t in dashboard.tables],
        "colleges_filed": [c for c in dashboard.colleges_filed if c[2]],
        "colleges_not_filed": [c for c in dashboard.colleges_filed if not c[2]],
    }
