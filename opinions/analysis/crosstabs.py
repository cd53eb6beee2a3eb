"""Counting what was said: per category, against who said it and where (pandas).

Every figure comes with the number of respondents behind it. A cell with fewer than
MIN_RESPONDENTS respondents could point at a person in a small place, so `suppressed` hides it
wherever a figure can reach the public.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from scipy import sparse

from dialogues.models import DialogueEvent, Process
from opinions.models import Category, FinalCoding, Respondent

MIN_RESPONDENTS = 5
NOT_GIVEN = gettext_lazy("not given")

DIMENSIONS = {
    "event_kind": gettext_lazy("kind of event"),
    "question": gettext_lazy("question"),
    "age_band": gettext_lazy("age"),
    "gender": gettext_lazy("gender"),
    "area": gettext_lazy("area"),
    "role": gettext_lazy("role"),
}


def _labels(dimension: str) -> dict:
    return {
        "event_kind": dict(DialogueEvent.Kind.choices),
        "age_band": dict(Respondent.AgeBand.choices),
        "gender": dict(Respondent.Gender.choices),
        "role": dict(Respondent.Role.choices),
    }.get(dimension, {})


def _key(value) -> str:
    """A dimension's value as stored with the figures: a string, "" when not given (pandas
    reads a missing value, no respondent or no event, as NaN, not None)."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(value)) if isinstance(value, float) else str(value)


def label(dimension: str, key: str) -> str:
    """What a dimension's stored value reads as, in the language of the request."""
    if key == "":
        return str(NOT_GIVEN)
    if dimension == "question":
        return _("Question %(order)d") % {"order": int(key)}
    return str(_labels(dimension).get(key, key))


def frame(process: Process, *, labelled: bool = True) -> pd.DataFrame:
    """One row per opinion × final category, with who said it and where (one query): each
    dimension by its label, or by its stored value (`_key`) when not `labelled`."""
    rows = (
        FinalCoding.objects.in_analysis(process)
        .values_list(
            "opinion_id",
            "opinion__respondent_id",
            "category_id",
            "opinion__event__kind",
            "opinion__question__order",
            "opinion__respondent__age_band",
            "opinion__respondent__gender",
            "opinion__respondent__area__name",
            "opinion__respondent__role",
        )
        .order_by("category__order", "category__name")
    )
    columns = ["opinion", "respondent", "category_id", *DIMENSIONS]
    data = pd.DataFrame(list(rows), columns=columns)
    # Each category by the name the codebook's order gives it (the active language's, else
    # Swedish), not the stored column, which is Swedish whatever the reader's language.
    named = Category.objects.in_bulk(data["category_id"].unique().tolist())
    data.insert(3, "category", data["category_id"].map({pk: c.name for pk, c in named.items()}))
    # An opinion without a respondent is its own anonymous respondent.
    data["respondent"] = data["respondent"].fillna(-data["opinion"]).astype(int)
    for dimension in DIMENSIONS:
        data[dimension] = data[dimension].map(_key)
        if labelled:
            names = {key: label(dimension, key) for key in data[dimension].unique()}
            data[dimension] = data[dimension].map(names)
    return data


def _order(process: Process) -> list[str]:
    return list(Category.objects.for_process(process).in_codebook().values_list("name", flat=True))


def _columns(process: Process, dimension: str, present) -> list[str]:
    """The values of a dimension in their own order: age bands youngest first, questions by
    their number, the kinds, genders and roles as the form lists them, other values (areas) by
    name; "not given" last."""
    if dimension == "question":
        orders = process.questions.order_by("order").values_list("order", flat=True)
        known = [_("Question %(order)d") % {"order": order} for order in orders]
    else:
        known = [str(label) for label in _labels(dimension).values()]
    rank = {label: number for number, label in enumerate(known)}
    last = len(rank) + 1
    return sorted(
        present,
        key=lambda value: (
            value == str(NOT_GIVEN),
            rank.get(value, last),
            str(value).casefold(),
        ),
    )


@dataclass
class Crosstab:
    opinions: pd.DataFrame  # categories × values: how many opinions
    respondents: pd.DataFrame  # the same cells: how many different respondents

    def suppressed(self) -> pd.DataFrame:
        """The opinion counts with every cell of fewer than MIN_RESPONDENTS respondents
        hidden (None), as a public page must show them."""
        return self.opinions.astype(object).where(self.respondents >= MIN_RESPONDENTS, None)


def crosstab(process: Process, dimension: str, data: pd.DataFrame | None = None) -> Crosstab:
    data = frame(process) if data is None else data
    order = _order(process)
    if data.empty:
        empty = pd.DataFrame(index=order, dtype=int)
        return Crosstab(empty, empty)
    opinions = pd.crosstab(data["category"], data[dimension])
    opinions = opinions.reindex(
        index=order, columns=_columns(process, dimension, opinions.columns), fill_value=0
    )
    respondents = (
        data.groupby(["category", dimension])["respondent"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(index=order, columns=opinions.columns, fill_value=0)
    )
    return Crosstab(opinions, respondents)


def per_category(process: Process, data: pd.DataFrame | None = None, order=None) -> pd.DataFrame:
    """Opinions and respondents per category, in codebook order (`order`: by their names, or
    the ids `figures` keys them by)."""
    data = frame(process) if data is None else data
    order = _order(process) if order is None else order
    if data.empty:
        return pd.DataFrame({"opinions": 0, "respondents": 0}, index=order)
    grouped = data.groupby("category").agg(
        opinions=("opinion", "nunique"), respondents=("respondent", "nunique")
    )
    return grouped.reindex(order, fill_value=0)


def cooccurrence(process: Process, data: pd.DataFrame | None = None, order=None) -> pd.DataFrame:
    """Categories × categories: how many opinions are in both (the diagonal: in the one)."""
    data = frame(process) if data is None else data
    order = _order(process) if order is None else order
    if data.empty:
        return pd.DataFrame(0, index=order, columns=order)
    # opinions × categories, 1 where the opinion is in the category: sparse, as most are not.
    opinions, _unique = pd.factorize(data["opinion"])
    categories = pd.Categorical(data["category"], categories=order).codes
    known = categories >= 0
    matrix = sparse.csr_matrix(
        (np.ones(known.sum()), (opinions[known], categories[known])),
        shape=(len(_unique), len(order)),
    )
    matrix.data[:] = 1  # an opinion in a category once, however many rows said so
    both = (matrix.T @ matrix).toarray().astype(int)
    return pd.DataFrame(both, index=order, columns=order)


def figures(process: Process) -> dict:
    """Every figure of the analysis page, by stored values, as kept between requests
    (opinions/analysis/kept.py): read back with `Counts`. The categories by their ids, so that
    each reader gets their names in their own language, whichever language counted them."""
    data = frame(process, labelled=False)
    data["category"] = data["category_id"]
    order = list(Category.objects.for_process(process).in_codebook().values_list("pk", flat=True))
    counts = per_category(process, data, order)
    tables = {}
    for dimension in DIMENSIONS:
        if data.empty:
            tables[dimension] = {"columns": [], "opinions": [], "respondents": []}
            continue
        opinions = pd.crosstab(data["category"], data[dimension]).reindex(order, fill_value=0)
        respondents = (
            data.groupby(["category", dimension])["respondent"]
            .nunique()
            .unstack(fill_value=0)
            .reindex(index=order, columns=opinions.columns, fill_value=0)
        )
        tables[dimension] = {
            "columns": [str(column) for column in opinions.columns],
            "opinions": opinions.astype(int).values.tolist(),
            "respondents": respondents.astype(int).values.tolist(),
        }
    return {
        "order": order,
        "opinions": int(data["opinion"].nunique()) if not data.empty else 0,
        "per_category": counts.astype(int).values.tolist(),
        "cooccurrence": cooccurrence(process, data, order).astype(int).values.tolist(),
        "crosstabs": tables,
    }


@dataclass
class Counts:
    """The analysis's figures as `figures` counted them, read back with today's labels and the
    categories' names in the reader's language."""

    stored: dict

    @property
    def opinions(self) -> int:
        return self.stored["opinions"]

    @cached_property
    def order(self) -> list[str]:
        """The categories' names (figures kept before 8 December hold the names themselves)."""
        order = self.stored["order"]
        named = Category.objects.in_bulk([pk for pk in order if isinstance(pk, int)])
        return [named[pk].name if pk in named else str(pk) for pk in order]

    def per_category(self) -> pd.DataFrame:
        return pd.DataFrame(
            self.stored["per_category"] or None,
            index=self.order,
            columns=["opinions", "respondents"],
        ).fillna(0)

    def cooccurrence(self) -> pd.DataFrame:
        order = self.order
        return pd.DataFrame(self.stored["cooccurrence"] or 0, index=order, columns=order)

    def crosstab(self, process: Process, dimension: str) -> Crosstab:
        order, table = self.order, self.stored["crosstabs"][dimension]
        if not table["columns"]:
            empty = pd.DataFrame(index=order, dtype=int)
            return Crosstab(empty, empty)
        labels = [label(dimension, key) for key in table["columns"]]
        columns = _columns(process, dimension, labels)
        opinions = pd.DataFrame(table["opinions"], index=order, columns=labels)
        respondents = pd.DataFrame(table["respondents"], index=order, columns=labels)
        return Crosstab(opinions[columns], respondents[columns])


# The coding list's filter for each dimension, so that a cell can open the opinions behind it.
LIST_FILTERS = {
    "event_kind": "kind",
    "question": "question",
    "age_band": "age_band",
    "gender": "gender",
    "area": "area",
    "role": "role",
}


def list_filters(process: Process, dimension: str) -> tuple[str, dict[str, str]]:
    """The coding list's filter for `dimension`, and its value for each column of the
    crosstab ("none" for not given): the way from a cell to the opinions counted in it."""
    if dimension == "question":
        values = {}
        for pk, order in process.questions.order_by("-order", "-pk").values_list("pk", "order"):
            values[_("Question %(order)d") % {"order": order}] = str(pk)
    elif dimension == "area":
        values = {name: str(pk) for pk, name in process.areas.values_list("pk", "name")}
    else:
        values = {str(label): value for value, label in _labels(dimension).items()}
    values[str(NOT_GIVEN)] = "none"
    return LIST_FILTERS[dimension], values
