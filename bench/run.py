"""Speed and memory of the staff pages, as ratios to a floor measured in the same run.

The machines are shared and noisy, so no absolute number means much: each page's median time
and peak memory are divided by those of `/healthz` (one `SELECT 1`), measured alongside.
Run with `make bench`; results print as a table and are written to bench/results/latest.json.
"""

import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "300"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def make_world():
    from tests.factories import (
        DialogueEventFactory,
        GuidingQuestionFactory,
        MandateFactory,
        ProcessFactory,
        StageTransitionFactory,
        UserFactory,
    )

    admin = UserFactory(username="bench-admin", role="administrator")
    facilitators = [UserFactory(role="facilitator") for _ in range(3)]
    process = ProcessFactory(slug="bench")
    MandateFactory(process=process)
    questions = GuidingQuestionFactory.create_batch(4, process=process)
    for event in DialogueEventFactory.create_batch(ROWS, process=process):
        event.facilitators.set(facilitators)
        event.questions.set(questions)
    StageTransitionFactory.create_batch(ROWS, process=process, moved_by=admin)
    ProcessFactory.create_batch(ROWS)
    return admin, process


def measure(client, url):
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        admin, process = make_world()
        client = Client()
        client.force_login(admin)
        pages = {
            "floor: /healthz": "/healthz",
            f"process list ({ROWS + 1} processes)": reverse("staff:process_list"),
            f"dashboard ({ROWS} moves logged)": reverse(
                "staff:process_detail", kwargs={"slug": process.slug}
            ),
            f"event list ({ROWS} events)": reverse(
                "staff:event_list", kwargs={"slug": process.slug}
            ),
        }
        results = {name: measure(client, url) for name, url in pages.items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    floor_time, floor_memory = results["floor: /healthz"]
    report = {}
    print(f"{'page':40} {'median ms':>10} {'× floor':>8} {'peak KiB':>10} {'× floor':>8}")
    for name, (seconds, peak) in results.items():
        report[name] = {
            "median_ms": round(seconds * 1000, 2),
            "time_ratio": round(seconds / floor_time, 1),
            "peak_kib": round(peak / 1024, 1),
            "memory_ratio": round(peak / floor_memory, 1),
        }
        row = report[name]
        print(
            f"{name:40} {row['median_ms']:>10} {row['time_ratio']:>8} "
            f"{row['peak_kib']:>10} {row['memory_ratio']:>8}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
