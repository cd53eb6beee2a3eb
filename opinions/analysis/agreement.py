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
    if matrix.shape[1] == 0:
        return None
    alike = 0
    for column in matrix.T:
        values = set(column[~np.isnan(column)].tolist())
        alike += len(values) == 1
    return 100 * alike / matrix.shape[1]


def _matrix(judged: dict, units: list[int], coder_ids: list[int], category_ids: list[int]):
    """coders × (units × categories): 1, 0, or NaN where the coder did not code the unit."""
    rows = []
    for coder in coder_ids:
        row = []
        for pk in units:
            chosen = judged[pk].get(coder)
            row.extend(
                np.nan if chosen is None else float(category in chosen) for category in category_ids
            )
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(coder_ids), len(units) * len(category_ids))


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
    sampled = set(
        Opinion.objects.counted().filter(coding_samples=sample).values_list("pk", flat=True)
    )
    judged: dict[int, dict[int, set[int]]] = {}
    for opinion_id, coder_id, category_id in Coding.objects.filter(
        opinion_id__in=sampled
    ).values_list("opinion_id", "coder_id", "category_id"):
        judged.setdefault(opinion_id, {}).setdefault(coder_id, set()).add(category_id)
    units = sorted(pk for pk, coders in judged.items() if len(coders) >= 2)
    coder_ids = sorted({coder for pk in units for coder in judged[pk]})
    categories = list(Category.objects.for_process(process).in_codebook())
    pair = _pair(judged, units, coder_ids)

    def figures(category, category_ids: list[int]) -> Figures:
        return _figures(_matrix(judged, units, coder_ids, category_ids), category, coder_ids, pair)

    users = {
        pk: user.get_full_name() or user.username
        for pk, user in get_user_model().objects.in_bulk(coder_ids).items()
    }
    return Agreement(
        sample=sample,
        sampled=len(sampled),
        units=len(units),
        coders=[users[pk] for pk in coder_ids],
        pair=tuple(users[pk] for pk in pair) if pair else None,
        overall=figures(None, [category.pk for category in categories]),
        per_category=[figures(category, [category.pk]) for category in categories],
    )
