"""A database from before the certificates app moved out of audits migrates forward with every row kept.

The fixture (scripts/make_migration_fixture.py) is a database made by 72d8e98 with migrate + seed_demo.
On a separate database (a file under tmp_path on SQLite, `<test database>_premig` on PostgreSQL) the
test migrates to the migrations the fixture had applied, loads its rows, migrates to the latest
migrations (including any added after the split) and compares.
"""

import copy
import datetime
import gzip
import json
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.dateparse import parse_date, parse_datetime

FIXTURE = Path(__file__).parent / "fixtures" / "pre_split.json.gz"
ALIAS = "premigration"
MOVED_MODELS = ["roster", "result", "hit", "auditcase"]
MOVED = {f"audits_{model}": f"certificates_{model}" for model in MOVED_MODELS}
# Tables compared value for value besides the moved ones: what points at a row through its content type.
POINTING = [
    "django_fsm_log_statelog",
    "auth_permission",
    "guardian_userobjectpermission",
    "guardian_groupobjectpermission",
    "registry_bodyuserobjectpermission",
    "registry_bodygroupobjectpermission",
]


@pytest.fixture(scope="module")
def fixture() -> dict:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def premigration(django_db_setup, django_db_blocker, tmp_path):
    """An empty database of the test database's kind, as connection alias ALIAS; dropped afterwards."""
    with django_db_blocker.unblock():
        default = connections["default"]
        settings = copy.deepcopy(default.settings_dict)
        postgres = default.vendor == "postgresql"
        if postgres:
            settings["NAME"] = f"{default.settings_dict['NAME']}_premig"
            _recreate(default, settings["NAME"])
        else:
            settings["NAME"] = str(tmp_path / "premigration.sqlite3")
        connections.settings[ALIAS] = settings
        try:
            yield connections[ALIAS]
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if postgres:
                _recreate(default, settings["NAME"], create=False)


def _recreate(default, name: str, *, create: bool = True) -> None:
    quoted = default.ops.quote_name(name)
    with default._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        if create:
            cursor.execute(f"CREATE DATABASE {quoted}")


def test_pre_split_database_migrates_with_every_row_and_the_same_hits(
    fixture, premigration, django_db_blocker
):
    connection = premigration
    tables = fixture["tables"]
    # The data migrations (and the audit) use the default connection, like `migrate` does.
    with django_db_blocker.unblock(), _as_default(connection):
        _migrate(connection, _recorded_targets(connection, fixture["migrations"]))
        _load(connection, tables)
        _migrate(connection, None)

        migrated = {MOVED.get(table, table): table for table in tables}
        present = set(connection.introspection.table_names())
        assert set(migrated) <= present, f"tables gone after migrating: {sorted(set(migrated) - present)}"
        assert not present & set(MOVED), "the old audits_* tables are still there"

        # (a) the moved tables and what points at rows through content types: identical rows
        for table in [*MOVED.values(), *POINTING]:
            now, expected = _read(connection, table, tables[migrated[table]])
            assert now == expected, _differences(table, now, expected)

        # (b) the moved models' content types keep their ids under the new app; every other one is unchanged
        now, expected = _read(connection, "django_content_type", tables["django_content_type"])
        moved_ids = set()
        for key, row in expected.items():
            if row["app_label"] == "audits" and row["model"] in MOVED_MODELS:
                expected[key] = {**row, "app_label": "certificates"}
                moved_ids.add(row["id"])
        assert len(moved_ids) == len(MOVED_MODELS)
        assert now == expected, _differences("django_content_type", now, expected)
        _assert_logs_resolve(connection, moved_ids)

        # (c) every other table keeps its rows, by primary key (later migrations may change values, add
        # columns, or add rows of their own — e.g. a new role's group; only the fixture's columns are read)
        for table, source in migrated.items():
            now, expected = _read(connection, table, tables[source])
            assert expected.keys() <= now.keys(), _differences(table, now, expected)

        # (d) the stored hits are the fixture's (compared above, row for row), and an audit run now over
        # every stored result finds the same ones — every rule, the two this issue changed included (the
        # demo's IDs and examiners were already right by the new rules)
        stored = _hit_keys(tables["audits_hit"])
        found = _found_now(connection, parse_datetime(fixture["migrated_at"]).replace(tzinfo=datetime.UTC))
        assert found == stored, (
            f"found now, not stored: {found - stored}; stored, not found now: {stored - found}"
        )
        assert len({rule for rule, *_ in stored}) == 13, "the fixture has hits of every rule"


def _recorded_targets(connection, recorded: list[list[str]]) -> list[tuple[str, str]]:
    """Per app, the last of the fixture's applied migrations (a squash standing in for what it replaces)."""
    loader = MigrationExecutor(connection).loader
    graph = loader.graph
    squashed = {old: new for new, migration in loader.replacements.items() for old in migration.replaces}
    by_app: dict[str, set[tuple[str, str]]] = {}
    for app, name in recorded:
        node = (app, name) if (app, name) in graph.nodes else squashed.get((app, name))
        assert node in graph.nodes, f"{app}.{name}, applied to the fixture, is no longer a migration"
        by_app.setdefault(app, set()).add(node)
    return [max(nodes, key=lambda node: len(graph.forwards_plan(node))) for nodes in by_app.values()]


def _migrate(connection, targets) -> None:
    """Like `migrate` on `connection` (to these nodes, or to the latest); no post_migrate signal: the
    content types and permissions are the fixture's."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets, plan=executor.migration_plan(targets))


def _kinds(connection, table: str) -> dict[str, str]:
    """Column → Django field class name, as the database describes the column."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        return {
            info.name: introspection.get_field_type(info.type_code, info)
            for info in introspection.get_table_description(cursor, table)
        }


def _load(connection, tables: dict) -> None:
    """The fixture's rows replace what the data migrations inserted, in one transaction (foreign keys
    are checked at its end); then PostgreSQL's sequences continue after the loaded ids."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=ALIAS), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, data in tables.items():
            if not data["rows"]:
                continue
            kinds = _kinds(connection, table)
            booleans = [kinds[column] == "BooleanField" for column in data["columns"]]
            rows = [
                [
                    bool(value) if boolean and value is not None else value
                    for boolean, value in zip(booleans, row, strict=True)
                ]
                for row in data["rows"]
            ]
            columns = ", ".join(quote(column) for column in data["columns"])
            marks = ", ".join(["%s"] * len(data["columns"]))
            cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                for sequence in connection.introspection.get_sequences(cursor, table):
                    column = quote(sequence["column"])
                    cursor.execute(
                        f"SELECT setval(%s, COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {quote(table)}",
                        [sequence["name"]],
                    )


def _normal(value, kind: str):
    """One form for a value whether SQLite's text/0-1 or a driver's typed value."""
    if value is None:
        return None
    if kind == "DateTimeField":
        moment = parse_datetime(value) if isinstance(value, str) else value
        return (
            moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment.astimezone(datetime.UTC)
        )
    if kind == "DateField":
        return parse_date(value) if isinstance(value, str) else value
    if kind == "BooleanField":
        return bool(value)
    if kind == "JSONField":
        return json.loads(value) if isinstance(value, str) else value
    if kind == "DecimalField":
        return Decimal(str(value)).normalize()
    if kind == "FloatField":
        return float(value)
    return value


def _read(connection, table: str, data: dict) -> tuple[dict, dict]:
    """The table's rows now and the fixture's rows of it, by primary key: the fixture's columns, each
    value in one form (`_normal`)."""
    kinds = _kinds(connection, table)
    columns = data["columns"]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        keys = connection.introspection.get_primary_key_columns(cursor, table) or columns
        cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
        rows_now = cursor.fetchall()

    def by_key(rows) -> dict:
        normal = [{c: _normal(v, kinds[c]) for c, v in zip(columns, row, strict=True)} for row in rows]
        return {tuple(row[k] for k in keys): row for row in normal}

    return by_key(rows_now), by_key(data["rows"])


def _differences(table: str, now: dict, expected: dict) -> str:
    missing = expected.keys() - now.keys()
    added = now.keys() - expected.keys()
    changed = [key for key in expected.keys() & now.keys() if now[key] != expected[key]]
    example = f"; e.g. {expected[changed[0]]} became {now[changed[0]]}" if changed else ""
    return f"{table}: {len(missing)} rows missing, {len(added)} added, {len(changed)} changed{example}"


def _assert_logs_resolve(connection, moved_ids: set[int]) -> None:
    """Every transition log of a moved model names a row of its renamed table, and the content type is
    the certificates app's model."""
    from django.contrib.contenttypes.models import ContentType

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        moved = [row for row in cursor.fetchall() if row[0] in moved_ids]
        for content_type_id, app_label, model in moved:
            model_class = ContentType(app_label=app_label, model=model).model_class()
            assert (
                model_class is not None and model_class._meta.label == f"certificates.{model_class.__name__}"
            )
            cursor.execute(
                "SELECT COUNT(*), COUNT(t.id) FROM django_fsm_log_statelog l "
                f"LEFT JOIN certificates_{model} t ON t.id = l.object_id "
                "WHERE l.content_type_id = %s",
                [content_type_id],
            )
            logs, resolved = cursor.fetchone()
            assert logs == resolved, f"{logs - resolved} logs of {model} name no row"
            if model in ("result", "auditcase"):
                assert logs, f"the fixture has no transition logs of {model}"


def _hit_keys(data: dict) -> set[tuple[str, int, str]]:
    index = [data["columns"].index(c) for c in ("rule", "body_id", "key")]
    return {tuple(row[i] for i in index) for row in data["rows"]}


@contextmanager
def _as_default(connection):
    """Let `connection` be the default one for a while: data migrations (registry's catalogues, accounts'
    groups, audits' checklists) and the audit write and read through the default connection."""
    from django.contrib.contenttypes.models import ContentType

    saved = connections["default"]
    connections._connections.default = connection
    ContentType.objects.clear_cache()  # ids read from the test database so far mean nothing here
    try:
        yield
    finally:
        connections._connections.default = saved
        ContentType.objects.clear_cache()  # it may hold the other database's ids under "default"


def _found_now(connection, moment: datetime.datetime) -> set[tuple[str, int, str]]:
    """(rule, body, key) of every hit an audit over every stored result finds, on the fixture's day."""
    from certificates import rules

    with time_machine.travel(moment, tick=False):
        found = rules.find()
    return {
        (rule, int(body), str(key))
        for rule, body, key in found[["rule", "body_id", "key"]].itertuples(index=False)
    }
