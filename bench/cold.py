"""The cold pages at two sizes: public results, analysis, agreement, summaries.

Each size is a Grand-Débat-shaped process made by bench/generate.py (`grand-debat N DB`) in a
database of its own. For each page: its time with no cache (both caches cleared before each
request, median of three), its query count, and the ratio of the large size's time to the
small's (goal ≤ 2×). Before that, one first request, which may make the public snapshot and
ask for the figures to be counted (opinions/analysis/kept.py), and a task worker run until it
has done what was asked (`db_worker --batch`), each timed.

    .venv/bin/python bench/generate.py grand-debat 1000 bench_1k
    .venv/bin/python bench/generate.py grand-debat 2000000 bench_2m
    .venv/bin/python bench/cold.py [bench_1k bench_2m]
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "public results": "/dialog/grand-debat/vad-ni-sa/",
    "analysis": "/staff/processes/grand-debat/analysis/",
    "agreement": "/staff/processes/grand-debat/agreement/",
    "summaries": "/staff/processes/grand-debat/summaries/",
}


def measure(database: str) -> dict:
    """In this process, signed in as a strategist of the process: each page cold."""
    from bench.load import environment

    os.environ.update({**environment(database), "CACHE_URL": ""})
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core import public_cache
    from opinions.models import KeptFigures, Opinion

    user = User.objects.get(username="coder-1")
    user.groups.add(Group.objects.get(name="strategist"))
    client = Client()
    client.force_login(user)
    KeptFigures.objects.all().delete()  # from scratch: the first request is the first
    result = {"opinions": Opinion.objects.count()}
    for name, path in PAGES.items():
        cache.clear()
        public_cache.clear()
        start = time.perf_counter()
        first = client.get(path)
        first_time = time.perf_counter() - start
        assert first.status_code == 200, (name, first.status_code)
        # What the first request asked to be counted in the background, run as a worker does.
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            check=True,
            cwd=ROOT,
            env=environment(database),
            capture_output=True,
        )
        background = time.perf_counter() - start
        times, queries = [], 0
        for _ in range(3):
            cache.clear()
            public_cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            queries = len(captured)
        result[name] = {
            "first": first_time,
            "background": background,
            "cold": statistics.median(times),
            "queries": queries,
        }
    return result


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        return
    small_db, large_db = sys.argv[1:3] if len(sys.argv) > 2 else ("bench_1k", "bench_2m")
    runs = []
    for database in (small_db, large_db):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", database],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    small, large = runs
    print(f"cold pages: {small['opinions']} opinions against {large['opinions']}")
    for name in PAGES:
        a, b = small[name], large[name]
        print(
            f"  {name:15} {a['cold'] * 1000:8.0f} ms {a['queries']:3d} q   "
            f"{b['cold'] * 1000:8.0f} ms {b['queries']:3d} q   "
            f"ratio {b['cold'] / a['cold']:6.1f}× (goal ≤ 2×)   "
            f"first request {a['first'] * 1000:.0f} / {b['first'] * 1000:.0f} ms, "
            f"then the worker {a['background']:.1f} / {b['background']:.1f} s"
        )


if __name__ == "__main__":
    main()
