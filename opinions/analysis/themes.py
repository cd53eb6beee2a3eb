"""Themes proposed from opinions before (or beside) a codebook."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import snowballstemmer
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from stop_words import get_stop_words

from dialogues.models import Process
from opinions.models import Opinion

WORD = re.compile(r"(?u)\b\w\w\w+\b")

# The words every sentence has, from maintained lists (stop-words' Swedish list holds the
# Snowball project's; scikit-learn's English one), and each language's Snowball stemmer.
LANGUAGES = {
    "swedish": frozenset(get_stop_words("swedish")),
    "english": frozenset(ENGLISH_STOP_WORDS),
}


@dataclass
class Theme:
    words: list[str]
    size: int
    examples: list[str]


def language_of(texts: list[str]) -> str:
    """The language whose stop words the texts use most: Swedish unless English wins."""
    counts = Counter()
    for text in texts[:500]:
        for word in re.findall(r"(?u)\w+", text.lower()):
            for language, stop in LANGUAGES.items():
                counts[language] += word in stop
    return "english" if counts["english"] > counts["swedish"] else "swedish"


class _Stems:
    """Turns a text into the stems of its words, stop words left out, and remembers each
    stem's forms, so that a theme shows the form people wrote most."""

    def __init__(self, language: str):
        self.stop = LANGUAGES[language]
        self.stemmer = snowballstemmer.stemmer(language)
        self.stem_of: dict[str, str] = {}
        self.forms: defaultdict[str, Counter] = defaultdict(Counter)

    def __call__(self, text: str) -> list[str]:
        stems = []
        for word in WORD.findall(text.lower()):
            if word in self.stop:
                continue
            if word not in self.stem_of:
                self.stem_of[word] = self.stemmer.stemWord(word)
            stem = self.stem_of[word]
            self.forms[stem][word] += 1
            stems.append(stem)
        return stems

    def shown(self, stem: str) -> str:
        return self.forms[stem].most_common(1)[0][0]


def themes(process: Process, *, count: int | None = None, limit: int = 20_000) -> list[Theme]:
    """Clusters of similar opinions with their characteristic words (k-means on TF-IDF of word
    stems, the language's stop words left out)."""
    texts = list(
        Opinion.objects.for_process(process)
        .counted()
        .order_by("pk")
        .values_list("original_text", flat=True)[:limit]
    )
    if len(texts) < 10:
        return []
    count = count or max(2, min(10, len(texts) // 30))
    stems = _Stems(language_of(texts))
    vectorizer = TfidfVectorizer(min_df=2, max_df=0.5, sublinear_tf=True, analyzer=stems)
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
        top = [stems.shown(stem) for stem in words[np.argsort(centre)[::-1][:6]]]
        found.append(Theme(top, len(members), [texts[i] for i in members[:3]]))
    return sorted(found, key=lambda theme: -theme.size)
