"""Opinions with the same or nearly the same text, grouped so that a group can be coded at once
(rapidfuzz). At events people often say the same thing in the same words: "Bättre bussar!"."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as fuzzy
from rapidfuzz.utils import default_process

from dialogues.models import Process
from opinions.models import Opinion

SIMILAR = 90  # 0–100: the same words, give or take a letter or their order
BLOCK = 1000  # rows compared at a time, so that memory stays within BLOCK × opinions bytes
LIMIT = 5_000  # opinions compared at once: about a second (bench: 20,000 take 18 s)


def _words(text: str) -> str:
    """Lower case, no punctuation, words in order: comparing these with `fuzz.ratio` is
    rapidfuzz's token_sort_ratio, with the sorting done once per opinion, not per pair."""
    return " ".join(sorted(default_process(text).split()))


def groups(process: Process, *, similar: int = SIMILAR, limit: int = LIMIT) -> list[list[int]]:
    """Groups of two or more opinions (ids, oldest first) still to be coded, with nearly the
    same text, largest group first. The oldest `limit` such opinions are compared."""
    rows = list(
        Opinion.objects.for_process(process)
        .awaiting_final_coding()
        .order_by("recorded_at", "pk")
        .values_list("pk", "original_text")[:limit]
    )
    texts = [_words(text) for _pk, text in rows]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, len(texts), BLOCK):
        scores = fuzzy.cdist(
            texts[start : start + BLOCK],
            texts,
            scorer=fuzz.ratio,
            score_cutoff=similar,
            dtype=np.uint8,
            workers=-1,
        )
        for i, j in zip(*np.nonzero(scores), strict=True):
            a, b = find(start + int(i)), find(int(j))
            if a != b and texts[start + int(i)]:
                parent[max(a, b)] = min(a, b)
    found: dict[int, list[int]] = {}
    for index, (pk, _text) in enumerate(rows):
        found.setdefault(find(index), []).append(pk)
    return sorted((g for g in found.values() if len(g) > 1), key=len, reverse=True)
