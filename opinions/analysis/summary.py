"""A summary of each category with its sources: the opinions nearest the category's centre,
who said them and where, and the words that set the category apart from the others.

Read-only: it reads the final coding and writes nothing, least of all a coding."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from dialogues.models import Process
from opinions.analysis.crosstabs import DIMENSIONS, frame, label
from opinions.analysis.themes import Stems, language_of
from opinions.models import Category, FinalCoding, KeptFigures, Opinion

REPRESENTATIVE = 5  # opinions shown as the category's most representative
WORDS = 8  # words that set it apart
RANKED_KEPT = 40  # ids kept nearest the centre first: what a draft is asked from (drafting.SENT)


@dataclass
class Summary:
    category: Category
    opinions: int = 0
    respondents: int = 0
    # (opinion id, text), the nearest the category's centre in TF-IDF space first
    representative: list[tuple[int, str]] = field(default_factory=list)
    # (dimension, its label, [(value, opinions)]): by kind of event, question and profile
    counts: list[tuple[str, str, list[tuple[str, int]]]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    ranked: list[int] = field(default_factory=list)  # every opinion id, nearest first


def _coded(process: Process) -> tuple[list[int], list[str], dict[int, set[int]]]:
    """The opinions in the final coding (one query): ids, texts, each category's members."""
    ids: dict[int, int] = {}
    texts: list[str] = []
    members: dict[int, set[int]] = {}
    for pk, text, category in (
        FinalCoding.objects.in_analysis(process)
        .values_list("opinion_id", "opinion__original_text", "category_id")
        .order_by("opinion_id")
    ):
        if pk not in ids:
            ids[pk] = len(texts)
            texts.append(text)
        members.setdefault(category, set()).add(pk)
    return list(ids), texts, members


def _counts(data, name: str) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """Opinions of the category by kind of event, question and the respondents' profile."""
    rows = data[data["category"] == name] if not data.empty else data
    found = []
    for dimension, name_of in DIMENSIONS.items():
        if rows.empty:
            found.append((dimension, str(name_of), []))
            continue
        per_value = rows.groupby(dimension)["opinion"].nunique().sort_values(ascending=False)
        values = [(str(value), int(n)) for value, n in per_value.items()]
        found.append((dimension, str(name_of), values))
    return found


def summaries(
    process: Process, *, only: Category | None = None, labelled: bool = True
) -> list[Summary]:
    """Each category in the codebook (or `only` that one) with its sources, counted now (the
    pages read them as kept: `kept_summaries`)."""
    categories = list(Category.objects.for_process(process).in_codebook().order_by("order", "name"))
    if only is not None:
        categories = [category for category in categories if category.pk == only.pk]
    ids, texts, members = _coded(process)
    data = frame(process, labelled=labelled)
    matrix, words = _vectors(texts)
    position = {pk: row for row, pk in enumerate(ids)}
    found = []
    for category in categories:
        inside = sorted(members.get(category.pk, ()))
        summary = Summary(category, opinions=len(inside))
        if not data.empty:
            summary.respondents = int(
                data.loc[data["category"] == category.name, "respondent"].nunique()
            )
        summary.counts = _counts(data, category.name)
        if inside and matrix is not None:
            rows = np.array([position[pk] for pk in inside])
            summary.ranked = [inside[i] for i in _nearest_centre(matrix, rows)]
            summary.representative = [
                (pk, texts[position[pk]]) for pk in summary.ranked[:REPRESENTATIVE]
            ]
            summary.words = _apart(matrix, rows, words)
        found.append(summary)
    return found


def _vectors(texts: list[str]):
    if len(texts) < 2:
        return None, []
    stems = Stems(language_of(texts))
    vectorizer = TfidfVectorizer(sublinear_tf=True, analyzer=stems)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words
        return None, []
    return matrix, [stems.shown(stem) for stem in vectorizer.get_feature_names_out()]


def _nearest_centre(matrix, rows: np.ndarray) -> list[int]:
    """Positions in `rows`, the nearest the rows' centre first (cosine; rows are unit length)."""
    part = matrix[rows]
    centre = np.asarray(part.mean(axis=0)).ravel()
    norm = np.linalg.norm(centre)
    nearness = np.asarray(part @ (centre / norm if norm else centre)).ravel()
    return list(np.argsort(-nearness, kind="stable"))


def _apart(matrix, rows: np.ndarray, words: list[str]) -> list[str]:
    """The words much more weighty in the category than in the other coded opinions."""
    inside = np.zeros(matrix.shape[0], dtype=bool)
    inside[rows] = True
    mean_in = np.asarray(matrix[inside].mean(axis=0)).ravel()
    mean_out = (
        np.asarray(matrix[~inside].mean(axis=0)).ravel()
        if (~inside).any()
        else np.zeros_like(mean_in)
    )
    difference = mean_in - mean_out
    best = [i for i in np.argsort(-difference, kind="stable")[:WORDS] if difference[i] > 0]
    return [words[i] for i in best]


def figures(process: Process) -> dict:
    """Every category's summary as kept between requests (opinions/analysis/kept.py): ids and
    counts by stored value; the texts and labels are read anew by `kept_summaries`, so that a
    text deleted or corrected since is never shown from here."""
    return {
        "categories": [
            {
                "category": summary.category.pk,
                "opinions": summary.opinions,
                "respondents": summary.respondents,
                "representative": [pk for pk, _text in summary.representative],
                "counts": [[dimension, values] for dimension, _label, values in summary.counts],
                "words": summary.words,
                "ranked": summary.ranked[:RANKED_KEPT],
            }
            for summary in summaries(process, labelled=False)
        ]
    }


def kept_summaries(process: Process, *, only: Category | None = None):
    """(the summaries as last counted, with today's texts and labels; the Kept they came from).
    With `only`, a list of that one category's summary (empty if nothing was counted for it)."""
    from opinions.analysis.kept import kept

    found = kept(process, KeptFigures.Kind.SUMMARIES)
    categories = Category.objects.for_process(process).in_codebook()
    if only is not None:
        categories = categories.filter(pk=only.pk)
    categories = {category.pk: category for category in categories}
    stored = [entry for entry in found.figures["categories"] if entry["category"] in categories]
    ids = {pk for entry in stored for pk in entry["representative"]}
    texts = dict(
        Opinion.objects.not_deleted().filter(pk__in=ids).values_list("pk", "original_text")
    )
    result = [
        Summary(
            categories[entry["category"]],
            opinions=entry["opinions"],
            respondents=entry["respondents"],
            representative=[(pk, texts[pk]) for pk in entry["representative"] if pk in texts],
            counts=[
                (
                    dimension,
                    str(DIMENSIONS[dimension]),
                    [(label(dimension, key), n) for key, n in values],
                )
                for dimension, values in entry["counts"]
            ],
            words=entry["words"],
            ranked=entry["ranked"],
        )
        for entry in stored
    ]
    if only is not None and not result:
        result = [Summary(only)]
    return result, found
