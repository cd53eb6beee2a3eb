"""The cold pages at two sizes: public results, analysis, agreement.

Each size is a Grand-Débat-shaped process made by bench/generate.py (`grand-debat N DB`) in a
database of its own. For each page: its time with no cache (the cache cleared before each
request, median of three, after one first request that may make the public snapshot), its
query count, and the ratio of the large size's time to the small's (goal ≤ 2×).

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

    from opinions.models import Opinion

    user = User.objects.get(username="coder-1")
    user.groups.add(Group.objects.get(name="strategist"))
    client = Client()
    client.force_login(user)
    result = {"opinions": Opinion.objects.count()}
    for name, path in PAGES.items():
        cache.clear()
        start = time.perf_counter()
        first = client.get(path)
        first_time = time.perf_counter() - start
        assert first.status_code == 200, (name, first.status_code)
        times, queries = [], 0
        for _ in range(3):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            queries = len(captured)
        result[name] = {"first": first_time, "cold": statistics.median(times), "queries": queries}
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
            f"first request {a['first'] * 1000:.0f} / {b['first'] * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
