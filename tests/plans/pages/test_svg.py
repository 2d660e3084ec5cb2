"""plans.svg draws what the figures say: parsed back, each point and bar carries its value at the place the
axis gives it, in the order the page ranks rows, and no label can break the markup."""

import itertools
import xml.etree.ElementTree as ET

import pytest

from plans.charts import ranked
from plans.figures import Row, Table
from plans.svg import bars_svg, nice_max, progress_svg
from tests.plans.pages import sample

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # raises on anything that is not well-formed XML


@pytest.mark.parametrize("progress", sample.PROGRESS, ids=lambda p: f"{p.key}-{p.scope}")
def test_the_line_has_one_point_per_month_done_at_its_height(progress):
    root = parse(progress_svg(progress))
    plot = root.find("svg:g[@class='plot']", NS)
    top, y0, y1 = int(plot.get("data-max")), float(plot.get("data-y0")), float(plot.get("data-y1"))
    points = root.findall(".//svg:circle[@class='point']", NS)
    done = [v for v in progress.monthly if v is not None]
    assert [int(p.get("data-value")) for p in points] == done
    assert [int(p.get("data-month")) for p in points] == list(range(1, len(done) + 1))
    for point in points:
        value = int(point.get("data-value"))
        assert float(point.get("cy")) == pytest.approx(y0 + (y1 - y0) * value / top, abs=0.01)
    xs = [float(p.get("cx")) for p in points]
    assert xs == sorted(xs)
    pace = root.find(".//svg:polyline[@class='pace']", NS).get("points").split()
    assert len(pace) == 12
    last_y = float(pace[-1].split(",")[1])
    assert last_y == pytest.approx(y0 + (y1 - y0) * progress.pace[-1] / top, abs=0.01)
    assert top >= max(progress.target, *done)


def test_a_month_without_a_figure_draws_no_point():
    progress = sample.progress(
        "bodies", "评价机构总量", "全市", 420, [0] * 12, as_of=sample.AS_OF.replace(month=1)
    )
    root = parse(progress_svg(progress))
    assert len(root.findall(".//svg:circle[@class='point']", NS)) == 1


@pytest.mark.parametrize("table", [t for t in sample.TABLES if t.chart], ids=lambda t: t.key)
def test_bars_are_as_long_as_their_values(table):
    root = parse(bars_svg(table))
    plot = root.find("svg:g[@class='plot']", NS)
    scale = float(plot.get("data-scale"))
    rows = root.findall(".//svg:g[@class='row']", NS)
    expected = ranked(table)
    if table.chart == "map":
        expected = sorted(expected, key=lambda r: -r.values[0])
    assert [r.get("data-label") for r in rows] == [row.label for row in expected]
    columns = len(table.columns) if table.chart == "stack" else 1
    for row, figures in zip(rows, expected, strict=True):
        bars = row.findall("svg:rect[@class='bar']", NS)
        assert [int(b.get("data-value")) for b in bars] == list(figures.values[:columns])
        for bar in bars:
            assert float(bar.get("width")) == pytest.approx(int(bar.get("data-value")) * scale, abs=0.01)
        if columns > 1:  # stacked end to end
            for left, right in itertools.pairwise(bars):
                assert float(right.get("x")) == pytest.approx(
                    float(left.get("x")) + float(left.get("width")), abs=0.02
                )
    widths = [float(r.find("svg:rect", NS).get("width")) for r in rows]
    if table.chart in ("bar", "map"):
        assert widths == sorted(widths, reverse=True)


def test_the_map_tables_bars_hold_all_38_districts():
    root = parse(bars_svg(sample.BODIES_BY_DISTRICT))
    codes = {r.get("data-code") for r in root.findall(".//svg:g[@class='row']", NS)}
    assert codes == {code for code, _name in sample.DISTRICTS} and len(codes) == 38


def test_labels_are_escaped_and_chinese_kept():
    table = Table(
        key="tricky",
        title="<标题> & “引号”",
        columns=("数量",),
        rows=[
            Row('渝中区 <script>alert("x")</script> & 公司', (5,), "500103"),
            Row("九龙坡区", (3,), "500107"),
        ],
    )
    text = bars_svg(table)
    assert "<script>" not in text
    root = parse(text)
    assert root.find("svg:title", NS).text == "<标题> & “引号”"
    first = root.find(".//svg:g[@class='row']", NS)
    assert first.get("data-label") == '渝中区 <script>alert("x")</script> & 公司'
    assert first.find("svg:title", NS).text == first.get("data-label")


def test_axis_ends_are_round_and_never_below_the_value():
    for value in (1, 7, 46, 300, 378, 420, 1203, 196621, 300000, 999999):
        end = nice_max(value)
        assert (
            end >= value
            and end < value * 1.6
            and str(end).rstrip("0") in ("1", "12", "15", "2", "25", "3", "4", "5", "6", "8")
        )
