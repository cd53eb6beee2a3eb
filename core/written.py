"""Rows written together, each with its history row, in one statement on PostgreSQL.

A step of coding adds or takes out a coding, logs the step and keeps the final coding in step:
five rows or more with their history, which the ORM writes one statement at a time. On this
project's two-core machine a statement's round trip is what a write costs (issue #19), so
`write_together` writes them all in one data-modifying WITH: each DELETE and INSERT returns its
rows, and the history rows django-simple-history would write ("-" for a row taken out, "+" for
one added, by whom and when) are inserted from what they return. On another database (SQLite,
the newcomer's) the same rows are written one model at a time, as simple-history writes them.

Only for rows no other table refers to and no signal but simple-history's listens to: a DELETE
here collects nothing and sends no signal. `plain(model)` says whether a model is such.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from django.db import connections, models, router
from django.db.models.sql import InsertQuery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

# The columns django-simple-history adds to a historical model, besides the model's own.
HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


def _history_model(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def _tracked(history) -> list[str]:
    """The historical model's copies of the model's own columns."""
    return [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]


def plain(model) -> bool:
    """No other table refers to the model's rows, and its history (if any) has only the
    columns simple-history adds by default: what `write_together` can write in one statement."""
    if any(not r.many_to_many for r in model._meta.related_objects):
        return False
    history = _history_model(model)
    if history is None:
        return True
    added = {f.column for f in history._meta.concrete_fields} - set(_tracked(history))
    return added == {"history_id", *HISTORY_COLUMNS}


def _by_model(rows: Iterable[models.Model]) -> list[tuple[type, list[models.Model]]]:
    ordered = sorted(rows, key=lambda row: type(row)._meta.label)
    return [(model, list(group)) for model, group in groupby(ordered, key=type)]


def write_together(
    *, create: Iterable[models.Model] = (), delete: Iterable[models.Model] = (), by=None
) -> None:
    """Delete the `delete` rows (instances with their primary keys) and insert the `create`
    ones (unsaved instances, which get their primary keys and automatic values), each with its
    history row naming `by`, in one statement on PostgreSQL. A row may not be both deleted and
    inserted under the same unique key in one call."""
    create = [row for row in create if row is not None]
    delete = [row for row in delete if row is not None]
    if not create and not delete:
        return
    first = (create or delete)[0]
    using = router.db_for_write(type(first), instance=first)
    connection = connections[using]
    if connection.vendor != "postgresql" or not all(plain(type(r)) for r in create + delete):
        _one_at_a_time(create, delete, by)
        return
    now = timezone.now()
    user = getattr(by, "pk", None)
    parts, params, created = [], [], []
    quote = connection.ops.quote_name
    for number, (model, rows) in enumerate(_by_model(delete)):
        name = f"deleted_{number}"
        marks = ", ".join(["%s"] * len(rows))
        pk = quote(model._meta.pk.column)
        table = quote(model._meta.db_table)  # names from the models, values as parameters
        parts.append(f"{name} AS (DELETE FROM {table} WHERE {pk} IN ({marks}) RETURNING *)")  # noqa: S608
        params += [row.pk for row in rows]
        if history := _history_model(model):
            parts.append(_history_part(history, name, f"{name}_history", quote, pk))
            params += [now, "-", user]
    for number, (model, rows) in enumerate(_by_model(create)):
        name = f"created_{number}"
        sql, values = _insert(model, rows, connection)
        parts.append(f"{name} AS ({sql})")
        params += values
        if history := _history_model(model):
            pk = quote(model._meta.pk.column)
            parts.append(_history_part(history, name, f"{name}_history", quote, pk))
            params += [now, "+", user]
        created.append((name, model, rows))
    main = " UNION ALL ".join(
        f"SELECT {number} AS part, {quote(model._meta.pk.column)} AS pk FROM {name}"  # noqa: S608
        for number, (name, model, _rows) in enumerate(created)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {main or 'SELECT NULL, NULL'}", params)
        found = cursor.fetchall() if created else []
    for number, (_name, _model, rows) in enumerate(created):
        # A sequence numbers the rows of one INSERT in the order they are given.
        pks = sorted(pk for part, pk in found if part == number)
        for row, pk in zip(rows, pks, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, using
    for row in delete:  # as Model.delete leaves them: no longer in the database
        row.pk = None


def _insert(model, rows: list[models.Model], connection) -> tuple[str, list]:
    """Django's own INSERT of the rows (its values prepared as the ORM prepares them, automatic
    times set on the instances), returning every column for the history row."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    query = InsertQuery(model)
    query.insert_values(fields, rows)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = model._meta.concrete_fields
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


def _history_part(history, source: str, name: str, quote, pk: str) -> str:
    tracked = [quote(column) for column in _tracked(history)]
    columns = ", ".join(tracked + [quote(column) for column in HISTORY_COLUMNS])
    table = quote(history._meta.db_table)
    select = f"SELECT {', '.join(tracked)}, %s, NULL, %s, %s FROM {source} ORDER BY {pk}"  # noqa: S608
    return f"{name} AS (INSERT INTO {table} ({columns}) {select})"


def _one_at_a_time(create: list, delete: list, by) -> None:
    """What the ORM and simple-history write, a model at a time (history naming `by`)."""
    for row in delete:
        row._history_user = by
        row.delete()
    for model, rows in _by_model(create):
        if _history_model(model) is not None:
            bulk_create_with_history(rows, model, default_user=by)
        else:
            model._default_manager.bulk_create(rows)
