"""Suggested categories, learned from the opinions strategists have coded: the model, how it is
measured on opinions it did not learn from, and what it suggests."""

from __future__ import annotations

import io
from dataclasses import dataclass

import joblib
import numpy as np
from django.utils.translation import gettext as _
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from dialogues.models import Process
from opinions.models import Category, FinalCoding, Opinion, SuggestionModel

MIN_CODED = 30  # coded opinions in all


MIN_PER_CATEGORY = 5  # examples a category needs to be learnt


HELD_OUT = 0.2


# The confidence from which a category is suggested. Chosen on the dev splits of two labelled
# Swedish sets (bench/suggestions.py): at 0.30 nearly every opinion gets a suggestion, and the
# macro-F1 is highest on the harder set without losing on the easier one.
THRESHOLD = 0.3


MOST = 3  # suggestions per opinion at most


# How sure a suggestion must be, as a strategist may choose it on the suggestions page; each
# choice's held-out figures are measured with the model, so the page tells the truth of what
# is suggested at the choice made. The candidates kept are those from the lowest choice up.
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def coded_opinions(process: Process) -> tuple[list[str], list[list[int]]]:
    """The texts of the opinions in the final coding, and each one's categories."""
    texts: dict[int, str] = {}
    labels: dict[int, list[int]] = {}
    for pk, text, category in (
        FinalCoding.objects.in_analysis(process)
        .values_list("opinion_id", "opinion__original_text", "category_id")
        .order_by("opinion_id")
    ):
        texts[pk] = text
        labels.setdefault(pk, []).append(category)
    return list(texts.values()), list(labels.values())


def _pipeline():
    # Words and word pairs, and character 2- to 5-grams within words, which find the parts of
    # Swedish compounds ("busshållplats" shares "buss" with "bussar"); a logistic regression
    # per category, so that an opinion can be in several, weighed so that rare categories count
    # as much as common ones. Measured against naive Bayes and calibrated models on the dev
    # splits of two labelled sets (docs/benchmarks.md): calibration pulled the rare categories
    # under the threshold, and naive Bayes left 43 % of opinions without a suggestion.
    return make_pipeline(
        FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                    ),
                ),
            ]
        ),
        OneVsRestClassifier(LogisticRegression(C=3, class_weight="balanced", max_iter=2000)),
    )


def fit(texts: list[str], labels: list[list[int]], categories: list[int]):
    """The fitted pipeline; its outputs are `categories`, in that order."""
    binarizer = MultiLabelBinarizer(classes=categories)
    y = binarizer.fit_transform([[c for c in chosen if c in categories] for chosen in labels])
    return _pipeline().fit(texts, y)


def suggested(probabilities: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Which categories are suggested (1) for each opinion: its best `MOST` candidates whose
    confidence reaches the threshold."""
    probabilities = np.asarray(probabilities)
    chosen = np.zeros(probabilities.shape, dtype=int)
    best = np.argsort(-probabilities, axis=1)[:, :MOST]
    rows = np.arange(len(probabilities))[:, None]
    chosen[rows, best] = probabilities[rows, best] >= threshold
    return chosen


@dataclass
class Trained:
    pipeline: object
    categories: list[int]  # the model's outputs, as category ids
    trained_on: int
    held_out: int
    quality: dict


def train(texts: list[str], labels: list[list[int]]) -> Trained | str:
    """Train and measure; or say plainly why there are too few coded opinions."""
    counts: dict[int, int] = {}
    for chosen in labels:
        for category in chosen:
            counts[category] = counts.get(category, 0) + 1
    learnable = sorted(c for c, n in counts.items() if n >= MIN_PER_CATEGORY)
    if len(texts) < MIN_CODED or len(learnable) < 2:
        return _(
            "There are too few coded opinions to suggest anything: %(coded)d have a final "
            "coding, and at least %(min)d are needed, with at least %(per)d in each of two "
            "categories or more."
        ) % {"coded": len(texts), "min": MIN_CODED, "per": MIN_PER_CATEGORY}
    binarizer = MultiLabelBinarizer(classes=learnable)
    train_texts, test_texts, train_labels, test_labels = train_test_split(
        texts, labels, test_size=HELD_OUT, random_state=0
    )
    y_test = binarizer.fit_transform(
        [[c for c in chosen if c in learnable] for chosen in test_labels]
    )
    pipeline = fit(train_texts, train_labels, learnable)
    probabilities = pipeline.predict_proba(test_texts)
    by_threshold = {
        str(threshold): _held_out_figures(y_test, suggested(probabilities, threshold), learnable)
        for threshold in THRESHOLDS
    }
    default = by_threshold[str(THRESHOLD)]
    quality = {
        **default,  # the figures at the default threshold, as older models have them
        "threshold": THRESHOLD,
        "not_learnt": sorted(str(c) for c in counts if c not in learnable),
        "by_threshold": by_threshold,
    }
    return Trained(pipeline, learnable, len(train_texts), len(test_texts), quality)


def _held_out_figures(truth: np.ndarray, predicted: np.ndarray, categories: list[int]) -> dict:
    """Precision and recall per category and over all, on the held-out opinions, and the
    share of them that get no suggestion."""
    precision, recall, _f, support = precision_recall_fscore_support(
        truth, predicted, average=None, zero_division=0
    )
    micro = precision_recall_fscore_support(truth, predicted, average="micro", zero_division=0)
    return {
        "per_category": {
            str(category): {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "held_out": int(support[i]),
            }
            for i, category in enumerate(categories)
        },
        "overall": {"precision": float(micro[0]), "recall": float(micro[1])},
        "without_suggestion": float((predicted.sum(axis=1) == 0).mean()) if len(predicted) else 0.0,
    }


def _dump(trained: Trained) -> bytes:
    out = io.BytesIO()
    joblib.dump({"pipeline": trained.pipeline, "categories": trained.categories}, out)
    return out.getvalue()


def _load(model: SuggestionModel) -> tuple[object, list[int]]:
    # Our own pickle, written by `train_model` into our own database: never a user's file.
    stored = joblib.load(io.BytesIO(bytes(model.fitted)))
    return stored["pipeline"], stored["categories"]


def uncoded(process: Process):
    return (
        Opinion.objects.for_process(process)
        .not_deleted()
        .filter(status="registered")
        .uncoded()
        .without_final_coding()
    )


def category_names(quality: dict, process: Process) -> dict[str, str]:
    ids = list(quality.get("per_category", {})) + list(quality.get("not_learnt", []))
    return {
        str(pk): name
        for pk, name in Category.objects.filter(process=process, pk__in=ids).values_list(
            "pk", "name"
        )
    }
