"""Coding at scale, as ratios measured in one run, on PostgreSQL:

- coding keystrokes from 10 concurrent coders, on a process of 100,000 opinions, through
  gunicorn: throughput against a view that only answers 200 on the same server (goal ≥ 0.5),
  with p50 and p95;
- the workbench list's query count at 1,000 and at 100,000 opinions (must be the same);
- search p95 at 1,000,000 opinions against search p95 at 1,000 (goal ≤ 3×): the same 20 rare
  words, each in the same 10 opinions at both sizes, so that only the table grows;
- training suggestions on 10,000 coded opinions against reading them from the database
  (goal ≤ 5×).

    .venv/bin/python bench/coding.py [seconds] [coders]     (BENCH_WORKERS: gunicorn's workers)
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import (
    CACHE_URL,
    environment,
    fetch,
    floor_client,
    fresh_database,
    gunicorn,
    load,
    report,
    signed_in_floors,
    signed_in_headers,
    staff_session,
    timed_requests,
)

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
CODERS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
DATABASE = "sunnemodel_bench_coding"
ENV = {**environment(DATABASE), "CACHE_URL": CACHE_URL}  # as production, several processes
RARE = [
    "Östmarksvägen", "Bergsängsbadet", "Rottnagården", "Sockerbruket", "Gettjärnsleden",
    "Tossebergsklätten", "Prästbolsskogen", "Ulvsbybron", "Mellbyviken", "Kolsnäsudden",
    "Skäggebergsstugan", "Bjälverudsgården", "Rackstadhallen", "Askersbyspåret", "Tomtebobacken",
    "Lerviksgrund", "Hallstadtjärnen", "Mangenbodarna", "Stöpafors", "Vågsäterskolan",
]  # fmt: skip


def setup_django():
    os.environ.update(ENV)
    import django

    django.setup()


def fill(process, user, count: int, start: int) -> None:
    """Add `count` generated opinions to the process by INSERT … SELECT in PostgreSQL (the
    search trigger fills their vectors as it would for any insert)."""
    from django.db import connection

    from demo.opinions import PHRASES, PLACES, REASONS

    phrases = [p for group in PHRASES.values() for p in group]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO opinions_opinion (process_id, original_text, published_text, language,
              consent_to_publish, recorded_by_id, recorded_at, source, source_file, polis_id,
              status, exclusion_reason, publication, deletion_reason)
            SELECT %(process)s,
              (%(phrases)s::text[])[1 + (i::bigint * 7919) %% %(np)s] || ' i ' ||
              (%(places)s::text[])[1 + (i * 31) %% %(nl)s] || ', ' ||
              lower((%(reasons)s::text[])[1 + (i * 13) %% %(nr)s]),
              '', 'sv', false, %(user)s, now() - make_interval(mins => i), 'file', 'bench', '',
              'registered', '', 'not_reviewed', ''
            FROM generate_series(%(start)s, %(end)s) AS i
            """,
            {
                "process": process.pk,
                "user": user.pk,
                "phrases": phrases,
                "np": len(phrases),
                "places": PLACES,
                "nl": len(PLACES),
                "reasons": REASONS,
                "nr": len(REASONS),
                "start": start,
                "end": start + count - 1,
            },
        )
        cursor.execute("ANALYZE opinions_opinion")


def plant(process, user) -> None:
    """Each rare word in exactly 10 opinions."""
    from django.utils import timezone

    from opinions.models import Opinion

    Opinion.objects.bulk_create(
        Opinion(
            process=process,
            original_text=f"Vi vill att {word} rustas upp, nummer {n}",
            recorded_by=user,
            recorded_at=timezone.now(),
            source="file",
        )
        for word in RARE
        for n in range(10)
    )


def list_queries(client, process) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("staff:coding_list", args=[process.slug])
    client.get(url)  # as a running server has it: the site's profile and the like kept
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def keystroke_queries(process) -> int:
    """The queries of one category key, as the workbench's script sends it (the second one:
    the first fills what a running server keeps, such as the site's profile)."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from opinions.models import Category, Opinion

    client = Client()
    client.force_login(User.objects.get(username="bench-coder-0"))
    opinion = Opinion.objects.filter(process=process).order_by("-pk").first()
    url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
    data = {"action": "toggle", "seen": "0"}
    data["category"] = Category.objects.filter(process=process).order_by("pk").first().pk
    client.post(url, data, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as context:
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    # BEGIN and COMMIT are not queries of their own in the test suite's count.
    return sum(q["sql"] not in ("BEGIN", "COMMIT") for q in context.captured_queries)


def search_p95(process) -> float:
    """p95 of a workbench search: the count and the first page, as the list runs them."""
    from opinions.forms import CodingFilterForm
    from opinions.models import Opinion

    times = []
    for _ in range(5):
        for word in RARE:
            start = time.perf_counter()
            form = CodingFilterForm({"q": word}, process=process)
            found = form.filter(Opinion.objects.for_process(process).for_coding())
            assert found.count() == 10, word
            list(found[:50])
            times.append(time.perf_counter() - start)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def training(process, user) -> tuple[float, float]:
    """Median seconds to read 10,000 coded opinions, and to train on them."""
    from demo.opinions import PHRASES
    from opinions.analysis.learning import coded_opinions, train
    from opinions.models import Category, FinalCoding, Opinion

    fill(process, user, 10_000, 1)
    by_name = {name: Category.objects.create(process=process, name=name).pk for name in PHRASES}
    categories = {phrase: by_name[name] for name, phrases in PHRASES.items() for phrase in phrases}
    # Each opinion in the category its phrase comes from, as a coder would have put it.
    FinalCoding.objects.bulk_create(
        FinalCoding(
            opinion_id=pk,
            category_id=next(c for p, c in categories.items() if text.startswith(p + " i ")),
            decided_by=user,
        )
        for pk, text in Opinion.objects.filter(process=process).values_list("pk", "original_text")
    )
    reads, trains = [], []
    for _ in range(3):
        start = time.perf_counter()
        texts, labels = coded_opinions(process)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        train(texts, labels)
        trains.append(time.perf_counter() - start)
    assert len(texts) == 10_000
    return statistics.median(reads), statistics.median(trains)


def prepare():
    """Coders with sessions, a process of 1,000 opinions measured, then of 100,000."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from opinions.models import Category, Opinion
    from tests.factories import ProcessFactory

    owner = User.objects.create(username="bench-owner")
    group = Group.objects.get(name="strategist")
    coders = []
    for n in range(CODERS):
        user = User.objects.create(username=f"bench-coder-{n}")
        user.groups.add(group)
        coders.append(staff_session(user))
    process = ProcessFactory(slug="bench", stage="analysis")
    for n in range(10):
        Category.objects.create(process=process, name=f"Kategori {n}", key=str(n), order=n)
    plant(process, owner)
    fill(process, owner, 800, 1)
    client = Client()
    client.force_login(User.objects.get(username="bench-coder-0"))
    small = {"queries": list_queries(client, process), "search": search_p95(process)}
    fill(process, owner, 99_000, 801)
    large = {"queries": list_queries(client, process), "keystroke": keystroke_queries(process)}
    ids = list(Opinion.objects.filter(process=process).values_list("pk", flat=True))
    categories = list(Category.objects.filter(process=process).values_list("pk", flat=True))
    for coder in coders:
        coder.update(opinions=random.sample(ids, 2000), categories=categories)
    return process, owner, coders, small, large


def coder_client(coder: dict, until: float) -> list[float]:
    headers = {
        **signed_in_headers(coder, "application/x-www-form-urlencoded"),
        "HX-Request": "true",
    }
    rng = random.Random(coder["session"])

    def send(connection) -> None:
        path = f"/staff/processes/bench/coding/{rng.choice(coder['opinions'])}/"
        body = f"action=toggle&seen=0&category={rng.choice(coder['categories'])}"
        fetch(connection, "POST", path, body.encode(), headers, holding=b'id="coding"')

    return timed_requests(until, send)


def main() -> None:
    fresh_database(ENV, DATABASE)
    setup_django()
    process, owner, coders, small, large = prepare()
    workers = os.environ.get("BENCH_WORKERS", str(2 * os.cpu_count()))
    with gunicorn(ENV, workers):
        load(floor_client, [None] * CODERS, SECONDS)  # warm up every worker
        floor = load(floor_client, [None] * CODERS, SECONDS)
        # After the user is known (which every signed-in view reads), a keystroke's statements.
        signed_in = signed_in_floors(coders, SECONDS, statements=large["keystroke"] - 1)
        keys = load(coder_client, coders, SECONDS)
    from opinions.models import Coding
    from tests.factories import ProcessFactory

    coded = Coding.objects.filter(opinion__process=process).count()
    fill(process, owner, 900_000, 100_001)
    big_search = search_p95(process)
    read, trained = training(ProcessFactory(slug="bench-training"), owner)
    from opinions.models import Category, Opinion

    print(f"coding, PostgreSQL, gunicorn with {workers} workers")
    print(f"  keystrokes, {CODERS} coders on 100,000 opinions, {SECONDS:.0f} s each:")
    report("    ", floor, signed_in, "toggle a category", keys)
    print(
        f"    keystroke as a ratio to the signed-in one-INSERT view: "
        f"{keys[0] / signed_in['one INSERT'][0]:.2f} (goal ≥ 0.5); {large['keystroke']} "
        "queries a keystroke (goal ≤ 8; tests/opinions/test_coding_one_statement.py)"
    )
    same = signed_in[f"{large['keystroke'] - 1} statements"][0] / signed_in["one INSERT"][0]
    print(
        f"    the same number of statements, each SELECT 1 but the INSERT, reaches {same:.2f} of "
        "the one-INSERT view: the most a keystroke of this many statements could"
    )
    print(f"    {coded} codings stored")
    print(
        f"  workbench list: {small['queries']} queries at 1,000 opinions, "
        f"{large['queries']} at 100,000 (must be the same)"
    )
    total = Opinion.objects.filter(process=process).count()
    print(
        f"  search p95: {small['search'] * 1000:.1f} ms at 1,000 opinions, "
        f"{big_search * 1000:.1f} ms at {total:,}; ratio {big_search / small['search']:.1f}× "
        "(goal ≤ 3×)"
    )
    print(
        f"  suggestions, 10,000 coded opinions: reading {read * 1000:.0f} ms, training "
        f"{trained * 1000:.0f} ms; ratio {trained / read:.1f}× (goal ≤ 5×); "
        f"{Category.objects.filter(process__slug='bench').count()} categories"
    )
    if small["queries"] != large["queries"]:
        sys.exit("the workbench list's queries grow with the opinions")


if __name__ == "__main__":
    main()
