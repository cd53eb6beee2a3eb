"""Realistic opinions at any size, as the event template's XLSX or as CSV.

    .venv/bin/python bench/generate.py 100000 /tmp/opinions.xlsx
    .venv/bin/python bench/generate.py 100000 /tmp/opinions.csv

Texts are built from the demo's phrases (demo/opinions.py) with places and reasons,
respondents give one to four opinions, and profiles are filled as often as at real events.

A whole Grand-Débat-sized process straight into a database of its own (created anew),
written with PostgreSQL's COPY: 2,000,000 opinions from 500,000 respondents, 20 events,
4 questions, 15 categories, 200,000 coded (a tenth of those double-coded blind), a tenth of
the opinions published. A smaller N keeps the same shape (N/4 respondents, N/10 coded).

    .venv/bin/python bench/generate.py grand-debat 2000000 bench_2m
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


# A Grand-Débat-sized process, COPYed into a database of its own -------------------------------

KINDS = ["interview", "workshop", "youth_fair", "open_space", "online"]
AGE_CODES = ["16-19", "20-29", "30-44", "45-64", "65-79", "80+"]
GENDER_CODES = ["woman", "man", "other", "not_said"]
ROLE_CODES = ["resident", "business", "association", "young_person", "visitor", "employee"]


def _frame(opinions: int) -> dict:
    """The process, its questions, areas, events, codebook and staff, made with the ORM."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dialogues.models import Area, DialogueEvent, GuidingQuestion, Process
    from opinions.models import Category

    users = [
        get_user_model().objects.create(username=name) for name in ("owner", "coder-1", "coder-2")
    ]
    process = Process.objects.create(
        title="Grand débat", slug="grand-debat", municipality="Sunne kommun", is_public=True,
        stage="analysis",
    )  # fmt: skip
    questions = [
        GuidingQuestion.objects.create(process=process, text=f"Fråga {n}?", order=n)
        for n in range(1, 5)
    ]
    areas = [Area.objects.create(process=process, name=f"Kommundel {n}") for n in range(10)]
    events = [
        DialogueEvent.objects.create(
            process=process, slug=f"mote-{n}", kind=KINDS[n % len(KINDS)], title=f"Möte {n}",
            starts_at=timezone.now(), headcount=max(1, opinions // 60),
        )
        for n in range(20)
    ]  # fmt: skip
    categories = [
        Category.objects.create(process=process, name=f"Kategori {n + 1}", order=n)
        for n in range(15)
    ]
    return {
        "process": process.pk, "users": [u.pk for u in users],
        "questions": [q.pk for q in questions], "areas": [a.pk for a in areas],
        "events": [e.pk for e in events], "categories": [c.pk for c in categories],
    }  # fmt: skip


def _copy_respondents(cursor, ids: dict, people: int, rng) -> int:
    columns = (
        "process_id, event_id, age_band, gender, area_id, role, receipt_code, external_id, "
        "created_at"
    )
    with cursor.copy(f"COPY opinions_respondent ({columns}) FROM STDIN") as copy:
        for n in range(people):
            copy.write_row((
                ids["process"], ids["events"][n % 20],
                rng.choice(AGE_CODES) if rng.random() < 0.85 else "",
                rng.choice(GENDER_CODES) if rng.random() < 0.9 else "",
                rng.choice(ids["areas"]), rng.choice(ROLE_CODES),
                f"G{ids['process']}x{n:08d}", f"gd:{n}", "2019-02-01 12:00:00+00",
            ))  # fmt: skip
    cursor.execute(
        "SELECT min(id) FROM opinions_respondent WHERE process_id = %s", [ids["process"]]
    )
    return cursor.fetchone()[0]


def _copy_opinions(cursor, ids: dict, count: int, people: int, first: int, rng) -> None:
    import datetime

    from demo.opinions import PHRASES, PLACES, REASONS

    phrases = [phrase for group in PHRASES.values() for phrase in group]
    start = datetime.datetime(2019, 1, 15, tzinfo=datetime.UTC)
    columns = (
        "process_id, event_id, question_id, respondent_id, original_text, published_text, "
        "language, consent_to_publish, recorded_by_id, recorded_at, source, source_file, "
        "source_row, polis_id, status, exclusion_reason, publication, reviewed_at, "
        "reviewed_by_id, deletion_reason"
    )
    owner = ids["users"][0]
    with cursor.copy(f"COPY opinions_opinion ({columns}) FROM STDIN") as copy:
        for n in range(count):
            person = n * people // count
            anonymous = rng.random() < 0.05
            text = f"{rng.choice(phrases)}{rng.choice(PLACES)}{rng.choice(REASONS)} ({n})."
            consent = rng.random() < 0.7
            published = consent and n % 7 == 0
            when = start + datetime.timedelta(seconds=n * 2)
            copy.write_row((
                ids["process"], ids["events"][person % 20], rng.choice(ids["questions"]),
                None if anonymous else first + person, text, text if published else "", "sv",
                consent, owner, when, "file", "grand-debat.csv", n + 2, "", "registered", "",
                "approved" if published else "not_reviewed", when if published else None,
                owner if published else None, "",
            ))  # fmt: skip


CODINGS = """
INSERT INTO opinions_coding (opinion_id, category_id, coder_id, coded_at)
SELECT o.id, (%(categories)s::bigint[])[1 + (o.id * 7 + c.k * 3) %% 15], %(coder)s, now()
FROM opinions_opinion o CROSS JOIN (VALUES (0), (1)) AS c(k)
WHERE o.process_id = %(process)s AND o.id %% 10 = 0 AND (c.k = 0 OR o.id %% 30 = 0)
"""
SECOND_CODER = """
INSERT INTO opinions_coding (opinion_id, category_id, coder_id, coded_at)
SELECT c.opinion_id, CASE WHEN c.opinion_id %% 700 = 0
  THEN (%(categories)s::bigint[])[1 + (c.opinion_id * 7 + 5) %% 15] ELSE c.category_id END,
  %(coder)s, now()
FROM opinions_coding c WHERE c.opinion_id IN (SELECT opinion_id FROM sample)
ON CONFLICT DO NOTHING
"""
FINAL = """
INSERT INTO opinions_finalcoding (opinion_id, category_id, decided_by_id, decided_at)
SELECT c.opinion_id, c.category_id, c.coder_id, now() FROM opinions_coding c
JOIN opinions_opinion o ON o.id = c.opinion_id
WHERE o.process_id = %(process)s AND c.coder_id = %(first)s AND c.opinion_id %% 700 <> 0
"""


def _codings(cursor, ids: dict) -> None:
    """A tenth of the opinions coded by the first coder (one category, a third of them two);
    a tenth of those in the blind sample, coded again by the second coder, who differs on
    one in seven; the final coding wherever the coders agree."""
    first, second = ids["users"][1], ids["users"][2]
    cursor.execute(CODINGS, {**ids, "coder": first})
    cursor.execute(
        "INSERT INTO opinions_codingsample (process_id, share, drawn_by_id, drawn_at) "
        "VALUES (%s, 10, %s, now()) RETURNING id",
        [ids["process"], ids["users"][0]],
    )
    sample = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO opinions_codingsample_opinions (codingsample_id, opinion_id) "
        "SELECT %s, id FROM opinions_opinion WHERE process_id = %s AND id %% 100 = 0",
        [sample, ids["process"]],
    )
    cursor.execute(
        "CREATE TEMP TABLE sample AS SELECT opinion_id FROM opinions_codingsample_opinions "
        "WHERE codingsample_id = %s",
        [sample],
    )
    cursor.execute(SECOND_CODER, {**ids, "coder": second})
    cursor.execute(FINAL, {**ids, "first": first})


def grand_debat(opinions: int, database: str, *, seed: int = 7) -> dict:
    """A fresh `database` holding one process of `opinions` opinions, shaped like the Grand
    débat (see the module's docstring). Prints each step's time."""
    import os
    import time

    from bench.load import environment, fresh_database

    env = environment(database)
    fresh_database(env, database)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection, transaction

    rng = random.Random(seed)
    people = max(1, opinions // 4)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        ids = _frame(opinions)
        first = _copy_respondents(cursor, ids, people, rng)
        print(f"  {people} respondents  {time.perf_counter() - began:6.1f} s", flush=True)
        _copy_opinions(cursor, ids, opinions, people, first, rng)
        print(f"  {opinions} opinions  {time.perf_counter() - began:6.1f} s", flush=True)
        _codings(cursor, ids)
        print(f"  codings  {time.perf_counter() - began:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"generated {database} in {time.perf_counter() - began:.1f} s", flush=True)
    return ids


if __name__ == "__main__":
    import os

    import django

    if sys.argv[1] == "grand-debat":
        grand_debat(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "bench_2m")
        sys.exit(0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    write(size, target)
    print(f"wrote {size} opinions to {target}")
