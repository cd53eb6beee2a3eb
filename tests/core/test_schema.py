"""No table carries an index that another already covers: every index is written with every
row, and opinions are written 100,000 at a time by imports and codings on every keystroke (see
INDEXES in opinions/models.py); the rule holds in every app so that it is one rule."""

from django.apps import apps
from django.db import connection, models


def _indexes(model) -> tuple[list, list]:
    """The model's plain indexes as (columns, name), and the column lists of every index that
    could serve in their place (plain, unique, primary key); partial ones cover nothing."""
    meta = model._meta

    def columns(names) -> tuple[str, ...]:
        return tuple(meta.get_field(name.lstrip("-")).column for name in names)

    plain, covering = [], []
    for field in meta.local_fields:
        if field.primary_key or field.unique:
            covering.append((field.column,))
        elif field.db_index:
            plain.append(((field.column,), f"{field.name} (its foreign key index)"))
    for index in meta.indexes:
        if type(index) is models.Index and index.fields and index.condition is None:
            plain.append((columns(index.fields), index.name))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            covering.append(columns(constraint.fields))
    covering += [columns(together) for together in meta.unique_together]
    return plain, covering


def test_no_index_is_covered_by_another():
    covered = []
    models_of_ours = [
        model
        for app in ("dialogues", "opinions", "strategy")
        for model in apps.get_app_config(app).get_models()
    ]
    for model in models_of_ours:
        if model._meta.auto_created or model.__name__.startswith("Historical"):
            continue  # made by Django or django-simple-history, not declared here
        plain, covering = _indexes(model)
        for position, (columns, name) in enumerate(plain):
            others = [c for p, (c, _n) in enumerate(plain) if p != position] + covering
            wider = [o for o in others if o[: len(columns)] == columns and o != columns]
            same = [o for o in others if o == columns]
            if wider or same:
                covered.append(f"{model.__name__}.{name}: {columns} is in {(wider or same)[0]}")
    assert not covered, covered


def test_the_database_has_the_indexes_the_models_declare(db):
    """The migrations made what the models say: the opinions table's plain indexes, by name."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "opinions_opinion")
    indexes = {name for name, about in found.items() if about["index"] and not about["unique"]}
    declared = {index.name for index in apps.get_model("opinions", "Opinion")._meta.indexes}
    assert declared <= indexes
    # The foreign keys that other indexes lead with, or that are mostly empty, have no index
    # of their own; the respondent's (for receipts) and the recorder's do.
    by_columns = {tuple(about["columns"]) for name, about in found.items() if about["index"]}
    assert ("respondent_id",) in by_columns
    assert ("recorded_by_id",) in by_columns
    unconditional = [
        tuple(about["columns"])
        for name, about in found.items()
        if about["index"] and name not in declared
    ]
    for column in ("process_id", "event_id", "duplicate_of_id", "deleted_by_id"):
        assert (column,) not in unconditional, column
