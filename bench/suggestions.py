"""Suggestions measured on real labelled Swedish text that no one here wrote.

For each labelled set in ../shared/data/labelled/superlim-2, our model is trained through the
app's own code path (`opinions.analysis.learning.fit` and `suggested`, at the default threshold)
on `train`, and measured on `test`: micro and macro F1 of what is suggested, and the share of
opinions without a suggestion. The fixed plain baseline is trained in the same run: a TF-IDF of
words and bigrams and one of character 2-5-grams within word boundaries (both sublinear,
min_df 2), into LogisticRegression(C=10, max_iter=2000), single label, first choice.

The tasks:
- argumentation-sentences: the `topic` of a sentence (six topics).
- absabank-imm: the mean of the annotators' 1-5 ratings, rounded half up, as one of five
  classes. It is a coder's task (one category per paragraph) with rare categories (5 is 4 % of
  `train`), which is what a municipality's codebook looks like.

Run: .venv/bin/python -m bench.suggestions [--split dev]   (tune on dev, report on test)
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "labelled" / "superlim-2"
SETS = {
    "argumentation-sentences": ("sentence", lambda row: row["topic"]),
    "absabank-imm": ("text", lambda row: str(int(float(row["label"]) + 0.5))),
}


def load(name: str, split: str) -> tuple[list[str], list[str]]:
    path = DATA / name / f"{name}_{split}.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    text, label = SETS[name]
    return [row[text] for row in rows], [label(row) for row in rows]


def baseline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

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
        LogisticRegression(C=10, max_iter=2000),
    )


def measure(name: str, split: str, threshold: float | None) -> dict:
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    from opinions.analysis import learning

    texts, labels = load(name, "train")
    test_texts, test_labels = load(name, split)
    categories = sorted(set(labels))
    truth = MultiLabelBinarizer(classes=categories).fit_transform([[lab] for lab in test_labels])
    started = time.monotonic()
    pipeline = learning.fit(texts, [[lab] for lab in labels], categories)
    ours = learning.suggested(
        pipeline.predict_proba(test_texts),
        learning.THRESHOLD if threshold is None else threshold,
    )
    ours_seconds = time.monotonic() - started
    started = time.monotonic()
    plain = baseline().fit(texts, labels)
    first = plain.predict(test_texts)
    base = np.array([[int(c == chosen) for c in categories] for chosen in first])
    base_seconds = time.monotonic() - started

    def figures(predicted, seconds):
        return {
            "micro": f1_score(truth, predicted, average="micro", zero_division=0),
            "macro": f1_score(truth, predicted, average="macro", zero_division=0),
            "none": float((predicted.sum(axis=1) == 0).mean()),
            "seconds": seconds,
        }

    return {"ours": figures(ours, ours_seconds), "baseline": figures(base, base_seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunnemodel.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    print(f"split: {args.split}")
    print(f"{'set':26} {'model':9} {'micro-F1':>8} {'macro-F1':>8} {'none':>6} {'seconds':>7}")
    for name in SETS:
        result = measure(name, args.split, args.threshold)
        for model in ("ours", "baseline"):
            f = result[model]
            print(
                f"{name:26} {model:9} {f['micro']:8.3f} {f['macro']:8.3f} "
                f"{f['none']:6.1%} {f['seconds']:7.1f}"
            )
        ours, base = result["ours"], result["baseline"]
        print(
            f"{name:26} {'ratio':9} {ours['micro'] / base['micro']:8.2f} "
            f"{ours['macro'] / base['macro']:8.2f}"
        )


if __name__ == "__main__":
    main()
