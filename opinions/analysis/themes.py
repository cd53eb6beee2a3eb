"""Themes proposed from opinions before (or beside) a codebook, and in what the codebook has
not yet taken in: the uncoded opinions ("what does the codebook miss?")."""

from __future__ import annotations

import re
import unicodedata
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
TYPICAL = 3  # opinions shown with each theme, the nearest its centre


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _stop(*lists) -> frozenset[str]:
    # Texts are compared in NFC: a word typed as "o" + combining diaeresis is still "ö".
    return frozenset(_normal(word) for words in lists for word in words)


# The words every sentence has, from maintained lists (stop-words' lists hold the Snowball
# project's; scikit-learn's English one beside it), and each language's Snowball stemmer.
# German is for Polis conversations such as the Austrian climate council's.
LANGUAGES = {
    "swedish": _stop(get_stop_words("swedish")),
    "english": _stop(ENGLISH_STOP_WORDS, get_stop_words("english")),
    "german": _stop(get_stop_words("german")),
}


@dataclass
class Theme:
    words: list[str]  # the characteristic words, most characteristic first
    size: int
    examples: list[str]  # its most typical opinions, the nearest its centre first
    example_ids: list[int]


def language_of(texts: list[str]) -> str:
    """The language whose stop words the texts use most: Swedish unless another wins."""
    counts = Counter()
    for text in texts[:500]:
        for word in re.findall(r"(?u)\w+", _normal(text)):
            for language, stop in LANGUAGES.items():
                counts[language] += word in stop
    best = max(LANGUAGES, key=lambda language: counts[language])
    return best if counts[best] > counts["swedish"] else "swedish"


class Stems:
    """Turns a text into the stems of its words, stop words left out, and remembers each
    stem's forms, so that a theme shows the form people wrote most."""

    def __init__(self, language: str):
        self.stop = LANGUAGES[language]
        self.stemmer = snowballstemmer.stemmer(language)
        self.stem_of: dict[str, str] = {}
        self.forms: defaultdict[str, Counter] = defaultdict(Counter)

    def __call__(self, text: str) -> list[str]:
        stems = []
        for word in WORD.findall(_normal(text)):
            if word in self.stop or word.isdigit():
                continue
            if word not in self.stem_of:
                self.stem_of[word] = self.stemmer.stemWord(word)
            stem = self.stem_of[word]
            self.forms[stem][word] += 1
            stems.append(stem)
        return stems

    def shown(self, stem: str) -> str:
        return self.forms[stem].most_common(1)[0][0]


def _opinions(process: Process, *, uncoded: bool, limit: int) -> tuple[list[int], list[str]]:
    opinions = Opinion.objects.for_process(process).counted()
    if uncoded:
        opinions = opinions.uncoded().without_final_coding()
    rows = list(opinions.order_by("pk").values_list("pk", "original_text")[:limit])
    return [pk for pk, _text in rows], [text for _pk, text in rows]


def themes(
    process: Process, *, count: int | None = None, uncoded: bool = False, limit: int = 20_000
) -> list[Theme]:
    """Clusters of similar opinions, each named by its characteristic words and shown by its
    most typical opinions (k-means on TF-IDF of word stems, the language's stop words left out).
    With `uncoded`, only the opinions no one has coded: what the codebook may miss."""
    ids, texts = _opinions(process, uncoded=uncoded, limit=limit)
    if len(texts) < 10:
        return []
    count = count or max(2, min(10, len(texts) // 30))
    stems = Stems(language_of(texts))
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
        strongest = [i for i in np.argsort(centre)[::-1][:6] if centre[i] > 0]
        top = [stems.shown(stem) for stem in words[strongest]]
        # Rows are unit length: the dot product with the centre is the cosine's order.
        nearness = np.asarray(matrix[members] @ centre).ravel()
        typical = members[np.argsort(-nearness, kind="stable")[:TYPICAL]]
        found.append(
            Theme(top, len(members), [texts[i] for i in typical], [ids[i] for i in typical])
        )
    return sorted(found, key=lambda theme: -theme.size)
