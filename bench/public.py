"""The public results page under load, as a ratio to a floor.

gunicorn serves the application on PostgreSQL with 100,000 published, coded opinions, and the
Redis cache that production uses (CACHE_URL). 50 concurrent readers (separate processes,
kept-alive connections) first ask a view that only answers 200, then the results page
("Vad ni sa"), each for the same number of seconds. Prints throughput, p50 and p95, and the
ratio of the two throughputs (goal ≥ 0.5). It also times the page made anew (an address no
cache has), the cost a reader pays once after the data change.

    .venv/bin/python bench/public.py [seconds] [readers]      (BENCH_WORKERS: gunicorn's workers)
"""

import http.client
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import (
    CACHE_URL,
    PORT,
    environment,
    fetch,
    floor_client,
    fresh_database,
    gunicorn,
    load,
    timed_requests,
)

OPINIONS = int(os.environ.get("BENCH_OPINIONS", "100000"))
DATABASE = "sunnemodel_bench_public"
ENV = {**environment(DATABASE), "CACHE_URL": CACHE_URL}
PAGE = "/dialog/bench/vad-ni-sa/"


def prepare() -> None:
    """A public process with its strategy adopted and OPINIONS opinions, three to a
    respondent, all approved for publication and each in one of ten categories."""
    fresh_database(ENV, DATABASE)
    os.environ.update(ENV)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from dialogues.models import Area, DialogueEvent, GuidingQuestion, Process
    from opinions.models import Category

    user = get_user_model().objects.create(username="bench-owner")
    process = Process.objects.create(
        title="Bench", slug="bench", municipality="Sunne kommun", is_public=True, stage="adopted"
    )
    questions = [
        GuidingQuestion.objects.create(process=process, text=f"Fråga {n}?", order=n)
        for n in range(1, 5)
    ]
    areas = [Area.objects.create(process=process, name=f"Kommundel {n}") for n in range(5)]
    events = [
        DialogueEvent.objects.create(
            process=process,
            slug=f"event-{n}",
            kind=kind,
            title=f"Möte {n}",
            starts_at=timezone.now(),
            headcount=OPINIONS // 8,
        )
        for n, kind in enumerate(["interview", "workshop", "youth_fair", "open_space"])
    ]
    categories = [
        Category.objects.create(process=process, name=f"Kategori {n}", order=n) for n in range(10)
    ]
    ids = {
        "process": process.pk,
        "user": user.pk,
        "events": [e.pk for e in events],
        "questions": [q.pk for q in questions],
        "areas": [a.pk for a in areas],
        "categories": [c.pk for c in categories],
        "count": OPINIONS,
        "people": OPINIONS // 3 + 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO opinions_respondent (process_id, event_id, age_band, gender, area_id,
              role, receipt_code, external_id, created_at)
            SELECT %(process)s, (%(events)s::bigint[])[1 + i %% 4], '30-44', 'woman',
              (%(areas)s::bigint[])[1 + i %% 5], 'resident', 'B' || lpad(i::text, 7, '0'),
              'bench:' || i, now()
            FROM generate_series(0, %(people)s - 1) AS i
            """,
            ids,
        )
        cursor.execute(
            "SELECT min(id) FROM opinions_respondent WHERE process_id = %s", [process.pk]
        )
        ids["first"] = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO opinions_opinion (process_id, event_id, question_id, respondent_id,
              original_text, published_text, language, consent_to_publish, recorded_by_id,
              recorded_at, reviewed_at, reviewed_by_id, source, source_file, polis_id, status,
              exclusion_reason, publication, deletion_reason)
            SELECT %(process)s, (%(events)s::bigint[])[1 + (i / 3) %% 4],
              (%(questions)s::bigint[])[1 + i %% 4], %(first)s + i / 3,
              'Synpunkt ' || i || ': fler cykelvägar mellan byarna',
              'Synpunkt ' || i || ': fler cykelvägar mellan byarna', 'sv', true, %(user)s,
              now() - make_interval(mins => i), now(), %(user)s, 'file', 'bench', '',
              'registered', '', 'approved', ''
            FROM generate_series(0, %(count)s - 1) AS i
            """,
            ids,
        )
        cursor.execute(
            """
            INSERT INTO opinions_finalcoding (opinion_id, category_id, decided_by_id,
              decided_at)
            SELECT id, (%(categories)s::bigint[])[1 + id %% 10], %(user)s, now()
            FROM opinions_opinion WHERE process_id = %(process)s
            """,
            ids,
        )
        cursor.execute("ANALYZE")


def page_client(_argument, until: float) -> list[float]:
    return timed_requests(until, lambda connection: fetch(connection, "GET", PAGE))


def made_anew(path: str, times: int = 15) -> float:
    """The median time of `path` when no cache has it (each request asks a new address)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    latencies = []
    for number in range(times):
        start = time.perf_counter()
        connection.request("GET", f"{path}?anew={number}")
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
    return statistics.median(latencies)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    readers = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    prepare()
    from django.core.cache import cache

    cache.clear()  # the bench's own Redis database, not a page from an earlier run
    workers = os.environ.get("BENCH_WORKERS", str(2 * os.cpu_count()))
    with gunicorn(ENV, workers):
        load(floor_client, [None] * readers, seconds)  # warm up every worker
        floor = load(floor_client, [None] * readers, seconds)
        page = load(page_client, [None] * readers, seconds)
        anew = made_anew(PAGE)
        floor_alone = made_anew("/bench-floor/")
    print(
        f"{readers} readers, {seconds:.0f} s each, gunicorn with {workers} workers, "
        f"PostgreSQL with {OPINIONS} opinions, Redis cache"
    )
    for name, (throughput, p50, p95) in (("floor (200 only)", floor), ("results page", page)):
        print(
            f"  {name:17} {throughput:7.1f} req/s   "
            f"p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"
        )
    print(f"  ratio {page[0] / floor[0]:.2f} (goal ≥ 0.5)")
    print(
        f"  made anew after a change: {anew * 1000:.0f} ms, "
        f"{anew / floor_alone:.0f}× the floor alone ({floor_alone * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
