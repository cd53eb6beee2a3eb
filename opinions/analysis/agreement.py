"""How far coders agree on the double-coding sample.

Each opinion coded by two or more coders is a unit; for each category, a coder's judgement on
a unit is 1 (in the category) or 0 (not). Per category and over all categories together:
percent agreement (units where every coder judged alike), Cohen's kappa for the pair of coders
with the most units in common (scikit-learn), and Krippendorff's alpha at the nominal level for
all coders at once (the `krippendorff` package), missing judgements left out.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import krippendorff
import numpy as np
from django.contrib.auth import get_user_model
from sklearn.metrics import cohen_kappa_score

from opinions.models import Category, Coding, CodingSample, Opinion


@dataclass
class Figures:
    category: Category | None  # None: all categories together
    percent: float | None  # 0–100
    kappa: float | None
    alpha: float | None


@dataclass
class Agreement:
    sample: CodingSample
    sampled: int  # opinions in the sample, still in the analysis
    units: int  # of those, coded by two or more coders
    coders: list[str]  # names
    pair: tuple[str, str] | None
    overall: Figures
    per_category: list[Figures]


def _kappa(first: list[int], second: list[int]) -> float | None:
    if not first:
        return None
    with warnings.catch_warnings():  # both coders constant: kappa is undefined, shown as such
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(first, second, labels=[0, 1])
    return None if math.isnan(value) else float(value)


def _alpha(matrix: np.ndarray, level: str = "nominal") -> float | None:
    observed = matrix[~np.isnan(matrix)]
    if matrix.shape[1] == 0 or len(set(observed.tolist())) < 2:
        return None  # one value only: alpha is undefined
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def ratings_alpha(ratings: dict[object, dict[object, float]], level: str = "nominal"):
    """Krippendorff's alpha of ratings given as unit → coder → value, a coder's missing rating
    simply absent; `level` is "nominal", "ordinal", "interval" or "ratio"."""
    units = list(ratings)
    coders = sorted({coder for rated in ratings.values() for coder in rated}, key=str)
    matrix = np.full((len(coders), len(units)), np.nan)
    for column, unit in enumerate(units):
        for coder, value in ratings[unit].items():
            matrix[coders.index(coder), column] = float(value)
    return _alpha(matrix, level)


def _percent(matrix: np.ndarray) -> float | None:
    """Share of units (columns) where every coder who judged it judged alike."""
    if matrix.shape[1] == 0:
        return None
    present = ~np.isnan(matrix)
    lowest = np.where(present, matrix, np.inf).min(axis=0)
    highest = np.where(present, matrix, -np.inf).max(axis=0)
    alike = present.any(axis=0) & (lowest == highest)
    return 100 * int(alike.sum()) / matrix.shape[1]


def _judgements(judged: dict, units: list[int], coder_ids: list[int], category_ids: list[int]):
    """coders × units × categories: 1 (in it), 0 (not), or NaN where the coder did not code
    the unit."""
    cube = np.full((len(coder_ids), len(units), len(category_ids)), np.nan)
    column = {category: k for k, category in enumerate(category_ids)}
    for u, pk in enumerate(units):
        for coder, chosen in judged[pk].items():
            c = coder_ids.index(coder)
            cube[c, u, :] = 0.0
            cube[c, u, [column[category] for category in chosen if category in column]] = 1.0
    return cube


def _matrix(cube: np.ndarray, columns: list[int]) -> np.ndarray:
    """coders × (units × the categories at `columns`), as the figures read it."""
    return cube[:, :, columns].reshape(cube.shape[0], cube.shape[1] * len(columns))


def _pair(judged: dict, units: list[int], coder_ids: list[int]) -> tuple[int, int] | None:
    """The two coders who coded the most units in common (Cohen's kappa is for two)."""
    if len(coder_ids) < 2:
        return None
    return max(
        itertools.combinations(coder_ids, 2),
        key=lambda p: sum(1 for pk in units if p[0] in judged[pk] and p[1] in judged[pk]),
    )


def _figures(data: np.ndarray, category, coder_ids: list[int], pair) -> Figures:
    kappa = None
    if pair:
        first, second = (data[coder_ids.index(coder)] for coder in pair)
        both = ~np.isnan(first) & ~np.isnan(second)
        kappa = _kappa(first[both].astype(int).tolist(), second[both].astype(int).tolist())
    return Figures(category, _percent(data), kappa, _alpha(data))


def agreement(process) -> Agreement | None:
    """The agreement figures of the process's sample (None before a sample is drawn)."""
    sample = CodingSample.objects.filter(process=process).first()
    if sample is None:
        return None
    sampled = Opinion.objects.counted().filter(coding_samples=sample).values("pk")
    judged: dict[int, dict[int, set[int]]] = {}
    for opinion_id, coder_id, category_id in Coding.objects.filter(
        opinion_id__in=sampled
    ).values_list("opinion_id", "coder_id", "category_id"):
        judged.setdefault(opinion_id, {}).setdefault(coder_id, set()).add(category_id)
    units = sorted(pk for pk, coders in judged.items() if len(coders) >= 2)
    coder_ids = sorted({coder for pk in units for coder in judged[pk]})
    categories = list(Category.objects.for_process(process).in_codebook())
    pair = _pair(judged, units, coder_ids)
    cube = _judgements(judged, units, coder_ids, [category.pk for category in categories])

    def figures(category, columns: list[int]) -> Figures:
        return _figures(_matrix(cube, columns), category, coder_ids, pair)

    users = {
        pk: user.get_full_name() or user.username
        for pk, user in get_user_model().objects.in_bulk(coder_ids).items()
    }
    return Agreement(
        sample=sample,
        sampled=sampled.count(),
        units=len(units),
        coders=[users[pk] for pk in coder_ids],
        pair=tuple(users[pk] for pk in pair) if pair else None,
        overall=figures(None, list(range(len(categories)))),
        per_category=[figures(category, [k]) for k, category in enumerate(categories)],
    )


def figures(process) -> dict:
    """The agreement and the opinions waiting to be reconciled, as kept between requests
    (opinions/analysis/kept.py): read back with `kept_agreement`."""
    found = agreement(process)
    disagreements = (
        Opinion.objects.for_process(process)
        .not_deleted()
        .filter(status="registered", reconciliation__isnull=True)
        .in_disagreement()
        .count()
    )
    if found is None:
        return {"sample": None, "disagreements": disagreements}

    def stored(figures: Figures) -> dict:
        return {
            "category": figures.category.pk if figures.category else None,
            "percent": figures.percent,
            "kappa": figures.kappa,
            "alpha": figures.alpha,
        }

    return {
        "sample": found.sample.pk,
        "sampled": found.sampled,
        "units": found.units,
        "coders": found.coders,
        "pair": list(found.pair) if found.pair else None,
        "overall": stored(found.overall),
        "per_category": [stored(figures) for figures in found.per_category],
        "disagreements": disagreements,
    }


def kept_agreement(stored: dict) -> Agreement | None:
    """The agreement as `figures` counted it, with its sample and categories read anew."""
    sample = (
        CodingSample.objects.select_related("drawn_by").filter(pk=stored["sample"]).first()
        if stored.get("sample")
        else None
    )
    if sample is None:
        return None
    categories = Category.objects.in_bulk([f["category"] for f in stored["per_category"]])

    def read(figures: dict) -> Figures:
        category = categories.get(figures["category"])
        return Figures(category, figures["percent"], figures["kappa"], figures["alpha"])

    return Agreement(
        sample=sample,
        sampled=stored["sampled"],
        units=stored["units"],
        coders=stored["coders"],
        pair=tuple(stored["pair"]) if stored["pair"] else None,
        overall=read(stored["overall"]),
        per_category=[
            read(figures) for figures in stored["per_category"] if figures["category"] in categories
        ],
    )
