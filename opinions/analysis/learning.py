"""Suggested categories, learned from the opinions strategists have coded: the model, how it is
measured on opinions it did not learn from, and what it suggests."""

from __future__ import annotations

import io
from dataclasses import dataclass

import joblib
from django.utils.translation import gettext as _
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from dialogues.models import Process
from opinions.models import Category, FinalCoding, Opinion, SuggestionModel

MIN_CODED = 30  # coded opinions in all


MIN_PER_CATEGORY = 5  # examples a category needs to be learnt


HELD_OUT = 0.2


THRESHOLD = 0.35  # the confidence from which a category is suggested


MOST = 3  # suggestions per opinion at most


def coded_opinions(process: Process) -> tuple[list[str], list[list[int]]]:
    """The texts of the opinions in the final coding, and each one's categories."""
    texts: dict[int, str] = {}
    labels: dict[int, list[int]] = {}
    for pk, text, category in (
        FinalCoding.objects.filter(
            opinion__process=process,
            opinion__deleted_at__isnull=True,
            opinion__status="registered",
            category__merged_into__isnull=True,
        )
        .values_list("opinion_id", "opinion__original_text", "category_id")
        .order_by("opinion_id")
    ):
        texts[pk] = text
        labels.setdefault(pk, []).append(category)
    return list(texts.values()), list(labels.values())


def _pipeline():
    # Words weighed by TF-IDF, and a naive Bayes model per category: on the demo's opinions it
    # suggested as well as a linear model trained by gradient descent, or better, and it
    # trains in a fraction of the time (bench/coding.py measures it against reading the data).
    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, lowercase=True),
        OneVsRestClassifier(MultinomialNB(alpha=0.1)),
    )


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
    y = binarizer.fit_transform([[c for c in chosen if c in learnable] for chosen in labels])
    train_texts, test_texts, y_train, y_test = train_test_split(
        texts, y, test_size=HELD_OUT, random_state=0
    )
    pipeline = _pipeline()
    pipeline.fit(train_texts, y_train)
    predicted = (pipeline.predict_proba(test_texts) >= THRESHOLD).astype(int)
    precision, recall, _f, support = precision_recall_fscore_support(
        y_test, predicted, average=None, zero_division=0
    )
    micro = precision_recall_fscore_support(y_test, predicted, average="micro", zero_division=0)
    quality = {
        "per_category": {
            str(category): {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "held_out": int(support[i]),
            }
            for i, category in enumerate(learnable)
        },
        "overall": {"precision": float(micro[0]), "recall": float(micro[1])},
        "not_learnt": sorted(str(c) for c in counts if c not in learnable),
    }
    return Trained(pipeline, learnable, len(train_texts), len(test_texts), quality)


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
        .filter(final_codings__isnull=True)
    )


def category_names(quality: dict, process: Process) -> dict[str, str]:
    ids = list(quality.get("per_category", {})) + list(quality.get("not_learnt", []))
    return {
        str(pk): name
        for pk, name in Category.objects.filter(process=process, pk__in=ids).values_list(
            "pk", "name"
        )
    }
