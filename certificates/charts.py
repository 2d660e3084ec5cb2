"""A horizontal bar chart in plain HTML and CSS: no JavaScript, prints, and reflows on a phone.

Each row is a label, a bar and its count. On a wide screen the labels sit in a column left of the bars;
on a narrow one (static/css/app.css, .chart) each label wraps above its bar, so long rule names stay
readable instead of being scaled down with a drawing.
"""

from django.utils.html import format_html, format_html_join


def bar_chart(rows: list[tuple[str, int]], *, caption: str = "") -> str:
    """rows: (label, count), drawn in the order given; empty string when there is nothing to draw."""
    if not rows:
        return ""
    top = max(n for _label, n in rows) or 1
    items = format_html_join(
        "",
        '<li class="chart-row"><span class="chart-label">{}</span>'
        '<span class="chart-track"><span class="chart-bar" style="width: {}%"></span>'
        '<span class="chart-count">{}</span></span></li>',
        # The longest bar takes 85% of its track, leaving room for its count on the same line.
        ((label, max(1, round(85 * n / top)), n) for label, n in rows),
    )
    return format_html(
        '<figure class="chart">{}<ol class="chart-rows">{}</ol></figure>',
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        items,
    )
