"""A horizontal bar chart as inline SVG: no JavaScript, prints well, reads in both languages."""

from django.utils.html import format_html, format_html_join, mark_safe

ROW = 22
LABEL_WIDTH = 380
BAR_WIDTH = 360


def bar_chart(rows: list[tuple[str, int]]) -> str:
    """rows: (label, count), drawn in the order given; empty string when there is nothing to draw."""
    if not rows:
        return ""
    top = max(n for _label, n in rows) or 1
    height = ROW * len(rows) + 4
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="15" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="3" width="{}" height="15" class="chart-bar"></rect>'
        '<text x="{}" y="15" class="chart-count">{}</text></g>',
        (
            (
                i * ROW,
                LABEL_WIDTH - 8,
                label,
                LABEL_WIDTH,
                max(1, round(BAR_WIDTH * n / top)),
                LABEL_WIDTH + max(1, round(BAR_WIDTH * n / top)) + 6,
                n,
            )
            for i, (label, n) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + 60,
        height,
        mark_safe(bars),
    )
