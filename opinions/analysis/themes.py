"""Themes proposed from opinions before (or beside) a codebook."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from dialogues.models import Process
from opinions.models import Opinion


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
