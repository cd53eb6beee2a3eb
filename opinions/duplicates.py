"""Opinions with the same or nearly the same text, grouped so that a group can be coded at once
(rapidfuzz). At events people often say the same thing in the same words: "Bättre bussar!"."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as fuzzy
from rapidfuzz.utils import default_process

from dialogues.models import Process
from opinions.models import Opinion

SIMILAR = 90  # token_sort_ratio, 0–100: the same words, give or take a letter or their order
BLOCK = 1000  # rows compared at a time, so that memory stays within BLOCK × opinions bytes


def groups(process: Process, *, similar: int = SIMILAR, limit: int = 30_000) -> list[list[int]]:
    """Groups of two or more opinions (ids, oldest first) in the analysis with nearly the same
    text, largest group first."""
    rows = list(
        Opinion.objects.for_process(process)
        .counted()
        .order_by("recorded_at", "pk")
        .values_list("pk", "original_text")[:limit]
    )
    texts = [default_process(text) for _pk, text in rows]
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
            scorer=fuzz.token_sort_ratio,
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
