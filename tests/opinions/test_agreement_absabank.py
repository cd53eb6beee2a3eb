"""Our agreement code, fed real multi-coder ratings with missing ones (ABSAbank-Imm, SuperLim 2,
Språkbanken Text, CC BY 4.0), gives the same Krippendorff's alpha as the `krippendorff` package
on the same matrix."""

import csv
from pathlib import Path

import krippendorff
import numpy as np
import pytest

from opinions.analysis.agreement import ratings_alpha

DEV = (
    Path(__file__).resolve().parents[3]
    / "shared/data/labelled/superlim-2/absabank-imm/absabank-imm_dev.tsv"
)

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="the labelled data is not here")


def _rows():
    with DEV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("level", ["interval", "nominal"])
def test_alpha_on_absabank_matches_the_krippendorff_package(level):
    rows = _rows()
    coders = [name for name in rows[0] if name.startswith("a") and name[1:].isdigit()]
    # The package's own matrix: coders × paragraphs, NaN where a coder gave no rating.
    matrix = np.array(
        [[float(row[c]) if row[c].strip() else np.nan for row in rows] for c in coders]
    )
    assert np.isnan(matrix).mean() > 0.5  # most ratings are missing: the case that matters
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)

    ours = ratings_alpha(
        {row["id"]: {c: int(row[c]) for c in coders if row[c].strip()} for row in rows},
        level=level,
    )
    assert ours == pytest.approx(expected, abs=1e-9)
    assert 0 < ours < 1
