"""The monthly report (月报) of a Dashboard: a workbook with one sheet per Table and a "progress" sheet, and a
PDF summary with the charts drawn as inline SVG (plans.svg), rendered with the project's
WeasyPrint set-up (common.pdf: one FontConfiguration shared by the stylesheet and write_pdf, the CJK font
on `html`). Both are written in the site's language, as records.
"""

from pathlib import Path

import pandas as pd
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.pdf import html_to_pdf
from common.tables.write import Sheet, xlsx_bytes
from plans.charts import month_labels, ranked
from plans.figures import Dashboard, Table
from plans.svg import bars_svg, progress_svg

STYLESHEET = Path(__file__).with_name("report.css")
PROGRESS_SHEET = "progress"


def progress_sheet(figures: Dashboard) -> Sheet:
    columns = [
        _("Plan item"),
        pgettext("what a figure covers", "Scope"),
        _("Target value"),
        _("Done"),
        _("Expected by now"),
        _("Ahead (+) or behind (−)"),
    ]
    rows = [[p.label, p.scope, p.target, p.actual, p.expected, p.ahead, *p.monthly] for p in figures.progress]
    frame = pd.DataFrame(rows, columns=[*columns, *month_labels()], dtype=object)
    return Sheet(PROGRESS_SHEET, frame, bold_header=True, widths=[24, 10, 12, 10, 12, 14])


def table_sheet(table: Table) -> Sheet:
    """The table as the page lists it: a header, its rows (ranked as the chart), its total if it has one."""
    heading = table.label_heading or _("Breakdown")
    rows = [[row.label, *row.values] for row in ranked(table)]
    if table.total:
        rows.append([pgettext("sum of a column", "Total"), *table.total])
    frame = pd.DataFrame(rows, columns=[heading, *table.columns], dtype=object)
    return Sheet(table.key, frame, bold_header=True, widths=[24, *([14] * len(table.columns))])


def xlsx(figures: Dashboard) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        sheets = [progress_sheet(figures), *(table_sheet(t) for t in figures.tables)]
    titles = [sheet.title[:31] for sheet in sheets]
    if len(set(titles)) != len(titles):
        raise ValueError(f"two sheets would share a name: {titles}")
    return xlsx_bytes(sheets)


def html(figures: Dashboard, *, month: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "plans/report/monthly.html",
            {
                "figures": figures,
                "month": month,
                "cards": [(p, mark_safe(progress_svg(p))) for p in figures.progress],
                "tables": [(t, ranked(t), mark_safe(bars_svg(t)) if t.chart else "") for t in figures.tables],
                "colleges_not_filed": [c for c in figures.colleges_filed if not c[2]],
                "colleges_filed": sum(1 for c in figures.colleges_filed if c[2]),
            },
        )


def pdf(figures: Dashboard, *, month: int) -> bytes:
    return html_to_pdf(html(figures, month=month), stylesheet=STYLESHEET)
