"""Write the fixture of tests/certificates/test_migration_from_audits.py from a pre-split SQLite database.

Run by hand, never by tests. The database is one made by commit 72d8e98 (the last commit before the
certificates app moved out of audits) with `migrate` and `seed_demo`:

    git worktree add /tmp/premain 72d8e98        # from the repository; REPO=$PWD
    cd /tmp/premain && export DATABASE_URL=sqlite:////tmp/premain/pre.sqlite3
    $REPO/.venv/bin/python manage.py migrate -v0 && DJANGO_DEBUG=1 $REPO/.venv/bin/python manage.py seed_demo
    cd $REPO && .venv/bin/python scripts/make_migration_fixture.py /tmp/premain/pre.sqlite3 --commit 72d8e98

The fixture (gzip'd JSON) holds the migrations applied to that database and, for every table but
django_migrations and django_session, its columns and rows as SQLite stores them (dates and datetimes
as text, booleans as 0/1). The test loads it into a database migrated to those same migrations, so new
migrations added later still run over it.
"""

import argparse
import gzip
import json
import sqlite3
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "certificates" / "fixtures" / "pre_split.json.gz"
SKIPPED = {"django_migrations", "django_session", "sqlite_sequence"}


def read(path: Path, commit: str) -> dict:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    applied = db.execute("SELECT app, name, applied FROM django_migrations ORDER BY id").fetchall()
    tables = {}
    names = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for (table,) in names:
        if table in SKIPPED:
            continue
        cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        tables[table] = {
            "columns": [d[0] for d in cursor.description],
            "rows": [list(row) for row in cursor.fetchall()],
        }
    db.close()
    return {
        "made_from": commit,
        # When migrate finished (UTC); seed_demo ran right after: the audit's "today" for its hits.
        "migrated_at": max(when for _, _, when in applied),
        "migrations": [[app, name] for app, name, _ in applied],
        "tables": tables,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database", type=Path, help="pre-split SQLite database (migrate + seed_demo)")
    parser.add_argument("--commit", required=True, help="the commit that made the database")
    parser.add_argument("--out", type=Path, default=FIXTURE)
    args = parser.parse_args()
    data = read(args.database, args.commit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same database gives the same bytes
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as out:
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    rows = sum(len(t["rows"]) for t in data["tables"].values())
    print(f"{len(data['tables'])} tables, {rows} rows → {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
