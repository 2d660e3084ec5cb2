"""Loading the catalogues (districts, occupations) from CSV; used by data migrations and a command."""

import csv
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DISTRICTS_CSV = DATA_DIR / "chongqing_districts.csv"
OCCUPATIONS_CSV = DATA_DIR / "occupations_2022.csv"
OCCUPATION_CODE = re.compile(r"^[1-8]-\d{2}-\d{2}-\d{2}$")


class CatalogueError(ValueError):
    pass


def read_occupations(path: Path) -> list[dict]:
    """Rows `code,name,major_group,edition` checked for shape; raises CatalogueError naming the row."""
    rows, seen = [], set()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "name"} - set(reader.fieldnames or [])
        if missing:
            raise CatalogueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, start=2):
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not OCCUPATION_CODE.match(code):
                raise CatalogueError(f"{path}, row {number}: code {code!r} is not of the form 6-18-01-01")
            if not name:
                raise CatalogueError(f"{path}, row {number}: name is empty")
            if code in seen:
                raise CatalogueError(f"{path}, row {number}: code {code} appears twice")
            seen.add(code)
            group = (row.get("major_group") or code[0]).strip()
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "major_group": int(group),
                    "edition": (row.get("edition") or "2022").strip(),
                }
            )
    return rows


def upsert_occupations(model, rows: list[dict]) -> tuple[int, int]:
    """Insert new codes and update names of known ones; returns (created, updated)."""
    existing = {o.code: o for o in model.objects.all()}
    new, changed = [], []
    for row in rows:
        current = existing.get(row["code"])
        if current is None:
            new.append(model(**row))
        elif (current.name, current.major_group, current.edition) != (
            row["name"],
            row["major_group"],
            row["edition"],
        ):
            current.name, current.major_group, current.edition = (
                row["name"],
                row["major_group"],
                row["edition"],
            )
            changed.append(current)
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, ["name", "major_group", "edition"], batch_size=500)
    return len(new), len(changed)


def load_districts(model) -> int:
    with open(DISTRICTS_CSV, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        model.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "type": row["type"]})
    return len(rows)
