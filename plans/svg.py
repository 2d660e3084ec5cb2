"""Charts drawn on the server, as SVG text, for the monthly report's PDF (WeasyPrint draws inline SVG): a
target's cumulative line against its pace line, and a table's ranked (or stacked) horizontal bars.

Every mark carries its figure (`data-value`), and every label is escaped, so a district or occupation name
can never break the markup. The rows are ranked by plans.charts.ranked, as on the page.
"""

from xml.sax.saxutils import escape, quoteattr

from plans.charts import month_labels, ranked
from plans.figures import Progress, Table

FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
INK, MUTED, LINE, ACCENT = "#1d2733", "#5d6b7a", "#d9e0e7", "#1f5fa8"
PALETTE = [ACCENT, "#e08a1e", "#1e7a3c", "#8c4bb0", "#5d6b7a", "#b3261e"]
STEPS = (10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)  # tenths
LABEL_CHARS = 14  # a longer row label is cut, with "…" (the full one is in the mark's <title>)


def nice_max(value: int) -> int:
    """The axis's end: a round step (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) × a power of ten at or above `value`."""
    if value <= 1:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    return next(c for c in (step * power // 10 for step in STEPS) if c >= value)


def _svg(width: int, height: int, title: str, body: list[str], *, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)} font-size="10" role="img">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, css_class: str = ""
) -> str:
    klass = f" class={quoteattr(css_class)}" if css_class else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{klass}>{escape(str(text))}</text>'


def progress_svg(progress: Progress, *, width: int = 500, height: int = 160) -> str:
    """Months across, cumulative figures up: the pace line (dashed, all twelve months) and the line of what
    was done (one point per month up to the as-of day)."""
    left, right, top, bottom = 48, 14, 10, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    done = [(m, v) for m, v in enumerate(progress.monthly, start=1) if v is not None]
    top_value = nice_max(max([progress.target, *progress.pace, *(v for _m, v in done)]))

    def x(month: int) -> float:
        return left + plot_w * (month - 1) / 11

    def y(value: int) -> float:
        return top + plot_h * (1 - value / top_value)

    body = [f'<g class="plot" data-max="{top_value}" data-y0="{y(0):.2f}" data-y1="{y(top_value):.2f}">']
    for quarter in range(5):
        value = top_value * quarter / 4
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.2f}" y2="{y(value):.2f}" stroke="{LINE}"/>'
        )
        body.append(_text(left - 4, y(value) + 3.5, f"{value:g}", anchor="end", fill=MUTED))
    for month, label in enumerate(month_labels(), start=1):
        body.append(_text(x(month), height - 6, label, anchor="middle", fill=MUTED))
    pace = " ".join(f"{x(m):.2f},{y(v):.2f}" for m, v in enumerate(progress.pace, start=1))
    body.append(
        f'<polyline class="pace" points="{pace}" fill="none" stroke="{MUTED}" stroke-dasharray="4 3"/>'
    )
    if done:
        line = " ".join(f"{x(m):.2f},{y(v):.2f}" for m, v in done)
        body.append(
            f'<polyline class="actual" points="{line}" fill="none" stroke="{ACCENT}" stroke-width="2"/>'
        )
    for month, value in done:
        body.append(
            f'<circle class="point" data-month="{month}" data-value="{value}" cx="{x(month):.2f}" '
            f'cy="{y(value):.2f}" r="2.5" fill="{ACCENT}"/>'
        )
    body.append("</g>")
    title = f"{progress.label} · {progress.scope}: {progress.actual} / {progress.target}"
    return _svg(width, height, title, body, css_class="progress-chart")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bars_svg(table: Table, *, width: int = 500, row_height: int = 16) -> str:
    """One bar per row: its first column, largest first (a map's districts too), or (chart "stack") every
    column end to end, in the table's order."""
    rows = ranked(table)
    if table.chart == "map":
        rows = sorted(rows, key=lambda row: -row.values[0])
    stacked = table.chart == "stack"
    columns = range(len(table.columns)) if stacked else range(1)
    legend = 16 if stacked else 0
    label_w, right, top = 120, 44, 4 + legend
    plot_w = width - label_w - right
    height = top + row_height * len(rows) + 6
    longest = max([sum(r.values[c] for c in columns) for r in rows] or [0])
    scale = plot_w / nice_max(longest)
    body = [f'<g class="plot" data-scale="{scale:.6f}" data-x0="{label_w}">']
    if stacked:
        for c in columns:
            body.append(
                f'<rect x="{label_w + c * 90}" y="2" width="9" height="9" fill="{PALETTE[c % len(PALETTE)]}"/>'
            )
            body.append(_text(label_w + c * 90 + 12, 10.5, table.columns[c], fill=MUTED))
    for i, row in enumerate(rows):
        y = top + i * row_height
        body.append(f'<g class="row" data-label={quoteattr(row.label)} data-code={quoteattr(row.code)}>')
        body.append(f"<title>{escape(row.label)}</title>")
        body.append(_text(label_w - 6, y + row_height * 0.72, _short(row.label), anchor="end"))
        x = float(label_w)
        for c in columns:
            value = row.values[c]
            bar = value * scale
            body.append(
                f'<rect class="bar" data-column="{c}" data-value="{value}" x="{x:.2f}" y="{y + 2:.2f}" '
                f'width="{bar:.2f}" height="{row_height - 4}" fill="{PALETTE[c % len(PALETTE)]}"/>'
            )
            x += bar
        total = sum(row.values[c] for c in columns)
        body.append(_text(x + 4, y + row_height * 0.72, total, fill=MUTED))
        body.append("</g>")
    body.append("</g>")
    return _svg(width, height, table.title, body, css_class="bars-chart")
