"""Realistic opinions at any size, as the event template's XLSX or as CSV.

    .venv/bin/python bench/generate.py 100000 /tmp/opinions.xlsx
    .venv/bin/python bench/generate.py 100000 /tmp/opinions.csv

Texts are built from the demo's phrases (demo/opinions.py) with places and reasons,
respondents give one to four opinions, and profiles are filled as often as at real events.
"""

import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGES = ["16–19", "20–29", "30–44", "45–64", "65–79", "80 eller äldre"]
GENDERS = ["kvinna", "man", "annat", "vill ej ange"]
ROLES = ["invånare", "företagare", "förening", "ung", "besökare", "medarbetare"]
AREAS = ["Sunne tätort", "Lysvik", "Gräsmark", "Östra Ämtervik", "Västra Ämtervik"]


def rows(count: int, *, questions: int = 4, seed: int = 7) -> Iterator[list]:
    from demo.opinions import PHRASES, PLACES, REASONS

    rng = random.Random(seed)
    phrases = [phrase for group in PHRASES.values() for phrase in group]
    respondent, left = 0, 0
    for number in range(count):
        if left == 0:
            respondent += 1
            left = rng.choice([1, 2, 2, 3, 4])
            profile = [
                rng.choice(AGES) if rng.random() < 0.85 else "",
                rng.choice(GENDERS) if rng.random() < 0.9 else "",
                rng.choice(AREAS),
                rng.choice(ROLES),
            ]
        left -= 1
        text = f"{rng.choice(phrases)}{rng.choice(PLACES)}{rng.choice(REASONS)} ({number})."
        yield [
            respondent,
            str(rng.randint(1, questions)),
            text,
            *profile,
            "ja" if rng.random() < 0.7 else "nej",
            "2012-09-15",
        ]


def write(count: int, path: Path) -> Path:
    from opinions.formats.event_template import HEADER  # the event template's columns

    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(rows(count))
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Synpunkter")
        sheet.append(HEADER)
        for row in rows(count):
            sheet.append(row)
        book.save(path)
    return path


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    write(size, target)
    print(f"wrote {size} opinions to {target}")
