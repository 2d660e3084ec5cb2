"""Status on day D, rebuilt from the transitions' effective dates (style.md, "Time has two axes").

The status of an object on day D is the state reached by its last transition effective on or before D
(transitions effective the same day in the order they were recorded); before its first transition, the
state that transition left; with no logged transition at all, the status stored on the object. The day a
transition was *recorded* (StateLog.timestamp) plays no part.

Three paths answer the same question: `status_of` for one object (pages, the draw's explanation),
`history` + `status_on` for many objects and days at once as pandas frames (the audit rules, the draw's
pool, exports), and `status_on_expression` inside a query (a list filtered by status on a day). Apps wrap
them in their own words: registry.selectors (a body active on D, in scope on D), examiners.selectors
(certified on D).
"""

import datetime

import pandas as pd
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django_fsm_log.models import StateLog

HISTORY_COLUMNS = ["object_id", "day", "source_state", "state"]
MAX_LISTED = 500


def _dated(logs) -> list[tuple]:
    """(object_id, effective day, recorded order, source_state, state) of StateLog rows, in that order.

    A log without its TransitionDate (written around the storage backend, e.g. by a bulk insert) took
    effect on the local day it was recorded."""
    rows = logs.values_list(
        "object_id", "effective__effective_on", "timestamp", "pk", "source_state", "state"
    )
    return sorted(
        (object_id, day or timezone.localdate(moment), pk, source, state)
        for object_id, day, moment, pk, source, state in rows
    )


def _logs_of(model: type[models.Model]):
    return StateLog.objects.filter(content_type=ContentType.objects.get_for_model(model))


def status_of(obj: models.Model, day: datetime.date, field: str = "status") -> str:
    """The status of one object on `day` (see the module's docstring)."""
    entries = _dated(StateLog.objects.for_(obj))
    if not entries:
        return getattr(obj, field)
    reached = [state for _id, effective, _pk, _source, state in entries if effective <= day]
    return reached[-1] if reached else entries[0][3]


def history(model: type[models.Model], object_ids=None) -> pd.DataFrame:
    """The logged transitions of one model (of `object_ids`, or all) as a frame ready for `status_on`:
    object_id (int64), day (effective, datetime64[s]), source_state, state; sorted by object, effective
    day, then recording order."""
    logs = _logs_of(model)
    if object_ids is not None:
        object_ids = [int(i) for i in object_ids]
        # a long list is cheaper read whole than sent as parameters (and SQLite caps their number)
        logs = logs.filter(object_id__in=object_ids) if len(object_ids) <= MAX_LISTED else logs
    rows = [(object_id, day, source, state) for object_id, day, _pk, source, state in _dated(logs)]
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    frame["object_id"] = frame["object_id"].astype("int64")
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[s]")
    return frame


def status_on(history: pd.DataFrame, current: pd.Series, queries: pd.DataFrame) -> pd.Series:
    """The status of each (object_id, day) row of `queries` (day: datetime64), from `history` (as
    `history` returns it) and `current` (object_id → stored status, for objects with no history).
    Returns a Series on `queries`' index; an object in neither gives NaN."""
    if queries.empty:
        return pd.Series([], index=queries.index, dtype="object")
    last_per_day = history.drop_duplicates(["object_id", "day"], keep="last").sort_values(
        "day", kind="stable"
    )
    asked = queries[["object_id", "day"]].reset_index(names="_position")
    asked = asked.astype({"object_id": "int64", "day": "datetime64[s]"}).sort_values("day", kind="stable")
    found = pd.merge_asof(
        asked,
        last_per_day[["object_id", "day", "state"]],
        on="day",
        by="object_id",
        direction="backward",
    )
    before_first = history.drop_duplicates("object_id", keep="first").set_index("object_id")["source_state"]
    state = found["state"].astype("object").fillna(found["object_id"].map(before_first))
    state = state.fillna(found["object_id"].map(current))
    return pd.Series(state.to_numpy(), index=found["_position"].to_numpy()).reindex(queries.index)


def statuses_of(model: type[models.Model], object_ids, day: datetime.date, field: str = "status") -> dict:
    """object id → status on `day`, for many objects of one model (the frame path, for lists)."""
    ids = [int(i) for i in object_ids]
    if not ids:
        return {}
    current = pd.Series(dict(model._default_manager.filter(pk__in=ids).values_list("pk", field)))
    queries = pd.DataFrame({"object_id": ids, "day": pd.Timestamp(day)})
    states = status_on(history(model, ids if len(ids) <= MAX_LISTED else None), current, queries)
    return dict(zip(ids, states.tolist(), strict=True))


def status_on_expression(model: type[models.Model], day: datetime.date, field: str = "status"):
    """The status on `day` as a database expression over `model`'s rows, for `annotate` and `filter`: the
    same rule in SQL (two correlated subqueries on the log), so a list can filter on it in one query."""
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
    ).annotate(day=Coalesce("effective__effective_on", TruncDate("timestamp")))
    reached = logs.filter(day__lte=day).order_by("-day", "-pk").values("state")[:1]
    before_first = logs.order_by("day", "pk").values("source_state")[:1]
    return Coalesce(Subquery(reached), Subquery(before_first), F(field), output_field=models.CharField())
