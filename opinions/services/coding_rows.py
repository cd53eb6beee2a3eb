"""What a keystroke on the workbench reads once the opinion is locked, in one statement
instead of three (issue #19): the changes that make it a retry or a conflict, the codings and
the final coding (`opinions.services.coding`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Value

from opinions.models import Category, Coding, FinalCoding, Opinion


def _part(queryset, kind: str, who: str, at: str):
    """A part of `read_after_lock`'s one statement: the same five columns from each table."""
    return (
        queryset.order_by()
        .annotate(
            r_kind=Value(kind, output_field=CharField()),
            r_id=F("pk"),
            r_who=F(who),
            r_category=F("category_id"),
            r_at=F(at),
        )
        .values_list("r_kind", "r_id", "r_who", "r_category", "r_at")
    )


def read_after_lock(opinion: Opinion, changes) -> list[int]:
    """In one statement after the lock (so that it sees what the lock waited for): the ids of
    the `changes` (a queryset: a retry, a conflict), and every coder's codings and the final
    coding of the opinion, kept on it as `coding_rows` and `final_rows` (instances with every
    value, enough to delete one with its history row, without their relations)."""
    rows = list(
        _part(changes, "change", "user_id", "at").union(
            _part(Coding.objects.filter(opinion=opinion), "coding", "coder_id", "coded_at"),
            _part(
                FinalCoding.objects.filter(opinion=opinion), "final", "decided_by_id", "decided_at"
            ),
            all=True,
        )
    )
    rows.sort(key=lambda row: (row[4], row[1]))
    opinion.coding_rows = [
        Coding(pk=pk, opinion=opinion, coder_id=who, category_id=category, coded_at=at)
        for kind, pk, who, category, at in rows
        if kind == "coding"
    ]
    opinion.final_rows = [
        FinalCoding(pk=pk, opinion=opinion, decided_by_id=who, category_id=category, decided_at=at)
        for kind, pk, who, category, at in rows
        if kind == "final"
    ]
    return [pk for kind, pk, *_rest in rows if kind == "change"]


def with_relations(codings: list[Coding], user, codebook: list[Category]) -> list[Coding]:
    """The codings with their coders and categories, from what is in hand: the user, the
    codebook; only the others' coders (and a category no longer in the codebook) are read."""
    categories = {category.pk: category for category in codebook}
    if missing := {c.category_id for c in codings} - set(categories):
        categories |= Category.objects.in_bulk(missing)
    coders = {user.pk: user}
    if others := {c.coder_id for c in codings} - set(coders):
        coders |= get_user_model()._default_manager.in_bulk(others)
    for coding in codings:
        coding.category, coding.coder = categories[coding.category_id], coders[coding.coder_id]
    return codings
