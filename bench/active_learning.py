"""Coding the right opinion next: a simulated coder on real labelled data.

For each labelled set (as in bench/suggestions.py), a coder starts with 20 opinions drawn at
random from `train`, then codes more in one of two orders: "most uncertain first" (the smallest
margin between the model's two best candidates, the workbench's order) or at random. The model
is retrained through the app's code path (`opinions.analysis.learning.fit`) after every batch of
25, and its macro-F1 on `test` (at the default threshold) is printed at 50, 100, 200 and 400
coded opinions, for both orders.

Run: .venv/bin/python -m bench.active_learning [--pool 2000] [--split test]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

POINTS = (50, 100, 200, 400)
BATCH = 25
START = 20


def margins(probabilities):
    import numpy as np

    ranked = np.sort(probabilities, axis=1)
    return ranked[:, -1] - ranked[:, -2]


def simulate(texts, labels, test_texts, truth, categories, order: str, seed: int) -> list:
    from sklearn.metrics import f1_score

    from opinions.analysis import learning

    rng = random.Random(seed)
    pool = list(range(len(texts)))
    rng.shuffle(pool)
    coded, rest = pool[:START], pool[START:]
    reached = []
    while len(coded) < POINTS[-1]:
        pipeline = learning.fit([texts[i] for i in coded], [[labels[i]] for i in coded], categories)
        if len(coded) in POINTS:
            predicted = learning.suggested(pipeline.predict_proba(test_texts))
            reached.append(f1_score(truth, predicted, average="macro", zero_division=0))
        step = min(
            BATCH, POINTS[-1] - len(coded), *(p - len(coded) for p in POINTS if p > len(coded))
        )
        if order == "uncertain":
            margin = margins(pipeline.predict_proba([texts[i] for i in rest]))
            chosen = {rest[i] for i in margin.argsort()[:step]}
        else:
            chosen = set(rest[:step])
        coded += [i for i in rest if i in chosen]
        rest = [i for i in rest if i not in chosen]
    pipeline = learning.fit([texts[i] for i in coded], [[labels[i]] for i in coded], categories)
    predicted = learning.suggested(pipeline.predict_proba(test_texts))
    reached.append(f1_score(truth, predicted, average="macro", zero_division=0))
    return reached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    parser.add_argument("--pool", type=int, default=2000, help="train opinions to choose from")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunnemodel.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from sklearn.preprocessing import MultiLabelBinarizer

    from bench.suggestions import SETS, load

    print(f"macro-F1 on {args.split} after n coded opinions")
    print(f"{'set':26} {'order':10} " + " ".join(f"{p:>6}" for p in POINTS))
    for name in SETS:
        texts, labels = load(name, "train")
        # The splits are in document order: a pool drawn at random from all of train.
        paired = list(zip(texts, labels, strict=True))
        random.Random(1).shuffle(paired)
        texts, labels = (
            [t for t, _l in paired[: args.pool]],
            [lab for _t, lab in paired[: args.pool]],
        )
        test_texts, test_labels = load(name, args.split)
        categories = sorted(set(labels))
        truth = MultiLabelBinarizer(classes=categories).fit_transform(
            [[lab] for lab in test_labels]
        )
        for order in ("uncertain", "random"):
            reached = simulate(texts, labels, test_texts, truth, categories, order, seed=0)
            print(f"{name:26} {order:10} " + " ".join(f"{f:6.3f}" for f in reached), flush=True)


if __name__ == "__main__":
    main()
