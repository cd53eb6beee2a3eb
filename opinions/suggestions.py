"""Categories suggested for uncoded opinions, by a model trained on the coded ones (scikit-learn),
and themes proposed before a codebook exists.

A fifth of the coded opinions is held out: the model is trained on the rest, and its precision
and recall per category are measured on the held-out ones, which it never saw. The same model
makes the suggestions, so the figures shown are the quality of what is suggested. A
suggestion is never a coding: only a person's acceptance makes one (`coding.suggestion_accept`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import joblib
import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from dialogues.models import Process
from opinions.models import Category, FinalCoding, Opinion, Suggestion, SuggestionModel

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


def train_model(model: SuggestionModel) -> SuggestionModel:
    """Train on the process's coded opinions, measure, and suggest for the uncoded ones."""
    SuggestionModel.objects.filter(pk=model.pk).update(
        status=SuggestionModel.Status.TRAINING, started_at=timezone.now()
    )
    texts, labels = coded_opinions(model.process)
    trained = train(texts, labels)
    if isinstance(trained, str):
        SuggestionModel.objects.filter(pk=model.pk).update(
            status=SuggestionModel.Status.TOO_FEW,
            message=trained,
            trained_on=len(texts),
            finished_at=timezone.now(),
        )
        model.refresh_from_db()
        return model
    suggestions = []
    opinions = list(uncoded(model.process).values_list("pk", "original_text"))
    if opinions:
        probabilities = trained.pipeline.predict_proba([text for _pk, text in opinions])
        for (pk, _text), row in zip(opinions, probabilities, strict=True):
            best = np.argsort(row)[::-1][:MOST]
            suggestions.extend(
                Suggestion(
                    model=model,
                    opinion_id=pk,
                    category_id=trained.categories[i],
                    confidence=float(row[i]),
                )
                for i in best
                if row[i] >= THRESHOLD
            )
    with transaction.atomic():
        # What an older model suggested and no one decided on gives way to the new one.
        Suggestion.objects.filter(
            model__process=model.process, decision=Suggestion.Decision.PENDING
        ).exclude(model=model).delete()
        Suggestion.objects.bulk_create(suggestions, batch_size=2000)
        SuggestionModel.objects.filter(pk=model.pk).update(
            status=SuggestionModel.Status.DONE,
            trained_on=trained.trained_on,
            held_out=trained.held_out,
            quality=trained.quality,
            fitted=_dump(trained),
            finished_at=timezone.now(),
        )
    model.refresh_from_db()
    return model


# Themes before a codebook ------------------------------------------------------------------


@dataclass
class Theme:
    words: list[str]
    size: int
    examples: list[str]


def themes(process: Process, *, count: int | None = None, limit: int = 20_000) -> list[Theme]:
    """Clusters of similar opinions with their characteristic words (k-means on TF-IDF)."""
    texts = list(
        Opinion.objects.for_process(process)
        .counted()
        .order_by("pk")
        .values_list("original_text", flat=True)[:limit]
    )
    if len(texts) < 10:
        return []
    count = count or max(2, min(10, len(texts) // 30))
    vectorizer = TfidfVectorizer(
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w\w\w+\b",  # noqa: S106 - a pattern, not a password
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word occurs twice
        return []
    clustering = MiniBatchKMeans(n_clusters=count, random_state=0, n_init=3).fit(matrix)
    words = np.array(vectorizer.get_feature_names_out())
    found = []
    for cluster in range(count):
        members = np.flatnonzero(clustering.labels_ == cluster)
        if not len(members):
            continue
        centre = clustering.cluster_centers_[cluster]
        top = words[np.argsort(centre)[::-1][:6]].tolist()
        found.append(Theme(top, len(members), [texts[i] for i in members[:3]]))
    return sorted(found, key=lambda theme: -theme.size)


def category_names(quality: dict, process: Process) -> dict[str, str]:
    ids = list(quality.get("per_category", {})) + list(quality.get("not_learnt", []))
    return {
        str(pk): name
        for pk, name in Category.objects.filter(process=process, pk__in=ids).values_list(
            "pk", "name"
        )
    }
