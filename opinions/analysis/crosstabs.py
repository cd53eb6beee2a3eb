"""Counting what was said: per category, against who said it and where (pandas).

Every figure comes with the number of respondents behind it. A cell with fewer than
MIN_RESPONDENTS respondents could point at a person in a small place, so `suppressed` hides it
wherever a figure can reach the public.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def frame(process: Process) -> pd.DataFrame:
    """One row per opinion × final category, with who said it and where (one query)."""
    rows = (
        FinalCoding.objects.in_analysis(process)
        .values_list(
            "opinion_id",
            "opinion__respondent_id",
            "category__name",
            "opinion__event__kind",
            "opinion__question__order",
            "opinion__respondent__age_band",
            "opinion__respondent__gender",
            "opinion__respondent__area__name",
            "opinion__respondent__role",
        )
        .order_by("category__order", "category__name")
    )
    columns = ["opinion", "respondent", "category", *DIMENSIONS]
    data = pd.DataFrame(list(rows), columns=columns)
    # An opinion without a respondent is its own anonymous respondent.
    data["respondent"] = data["respondent"].fillna(-data["opinion"]).astype(int)
    for dimension in DIMENSIONS:
        labels = _labels(dimension)
        if dimension == "question":
            data[dimension] = data[dimension].map(
                lambda order: (
                    _("Question %(order)d") % {"order": order}
                    if pd.notna(order)
                    else str(NOT_GIVEN)
                )
            )
        else:
            # pandas reads a missing value (no respondent, no event) as NaN, not None.
            data[dimension] = data[dimension].map(
                lambda value, labels=labels: (
                    str(NOT_GIVEN)
                    if pd.isna(value) or value == ""
                    else str(labels.get(value, value))
                )
            )
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


def per_category(process: Process, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Opinions and respondents per category, in codebook order."""
    data = frame(process) if data is None else data
    order = _order(process)
    if data.empty:
        return pd.DataFrame({"opinions": 0, "respondents": 0}, index=order)
    grouped = data.groupby("category").agg(
        opinions=("opinion", "nunique"), respondents=("respondent", "nunique")
    )
    return grouped.reindex(order, fill_value=0)


def cooccurrence(process: Process, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Categories × categories: how many opinions are in both (the diagonal: in the one)."""
    data = frame(process) if data is None else data
    order = _order(process)
    if data.empty:
        return pd.DataFrame(0, index=order, columns=order)
    matrix = pd.crosstab(data["opinion"], data["category"])
    matrix = (matrix > 0).astype(int)
    both = matrix.T @ matrix
    return both.reindex(index=order, columns=order, fill_value=0)


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
