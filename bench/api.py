"""Registering opinions through the API under load, as a ratio to a floor.

gunicorn serves the application on PostgreSQL; 20 concurrent clients (separate processes, kept-
alive connections) first ask a view that only answers 200, then post opinions to the sync
endpoint, each for the same number of seconds. Prints throughput, p50 and p95, and the ratio of
the two throughputs (goal ≥ 0.5).

    .venv/bin/python bench/api.py [seconds] [clients]      (BENCH_WORKERS: gunicorn's workers)
"""

import json
import os
import secrets
import sys
import uuid
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
    manage,
    report,
    signed_in_floors,
    signed_in_headers,
    timed_requests,
)

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PATH = "/api/v1/events/bench/torget/sync"
DATABASE = "sunnemodel_bench"
ENV = {**environment(DATABASE), "CACHE_URL": CACHE_URL}  # as production, several processes


def prepare() -> list[dict]:
    """One signed-in facilitator of the event for each client: the API allows a user API_RATE
    requests (core/api_errors.py), which twenty devices sharing one account would exceed."""
    fresh_database(ENV, DATABASE)
    script = """
import json, datetime
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from bench.load import staff_session
from dialogues.models import DialogueEvent, GuidingQuestion, Process
process = Process.objects.create(title="Bench", slug="bench", municipality="Sunne kommun",
                                 stage="dialogue_open")
question = GuidingQuestion.objects.create(process=process, text="Vad vill du?", order=1)
event = DialogueEvent.objects.create(process=process, slug="torget", kind="interview",
                                     title="Torget", starts_at=timezone.now())
clients = []
for n in range(%(clients)d):  # one facilitator a device, as at an event
    user = get_user_model().objects.create(username=f"bench-facilitator-{n}")
    user.groups.add(Group.objects.get(name="facilitator"))
    event.facilitators.add(user)
    clients.append({**staff_session(user), "question": question.pk})
print(json.dumps(clients))
"""
    script %= {"clients": CLIENTS}
    return json.loads(manage(ENV, "shell", "--no-imports", "-c", script).strip().splitlines()[-1])


def one_batch(question: int) -> dict:
    """What a device sends after one conversation: one opinion and its respondent."""
    respondent = str(uuid.uuid4())
    return {
        "respondents": [
            {
                "client_uuid": respondent,
                "receipt_code": "".join(
                    secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)
                ),
                "age_band": "30-44",
            }
        ],
        "opinions": [
            {
                "client_uuid": str(uuid.uuid4()),
                "respondent": respondent,
                "question": question,
                "text": "Bättre bussar till Lysvik.",
            }
        ],
    }


def api_client(setup: dict, until: float) -> list[float]:
    headers = signed_in_headers(setup)

    def send(connection) -> None:
        body = json.dumps(one_batch(setup["question"])).encode()
        fetch(connection, "POST", PATH, body, headers)

    return timed_requests(until, send)


def sync_queries(setup: dict) -> int:
    """The queries of one sync request as a server answers it (the second: the first fills
    what a running server keeps), counted without BEGIN and COMMIT as the tests count."""
    script = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.cookies["sessionid"] = %(session)r
for body in %(bodies)r:
    with CaptureQueriesContext(connection) as context:
        answer = client.post(%(path)r, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
print(sum(q["sql"] not in ("BEGIN", "COMMIT") for q in context.captured_queries))
"""
    bodies = [json.dumps(one_batch(setup["question"])) for _ in range(2)]
    script %= {"session": setup["session"], "bodies": bodies, "path": PATH}
    return int(manage(ENV, "shell", "--no-imports", "-c", script).strip().splitlines()[-1])


def main() -> None:
    clients = prepare()
    queries = sync_queries(clients[0])
    workers = os.environ.get("BENCH_WORKERS", str(2 * os.cpu_count()))
    with gunicorn(ENV, workers):
        load(floor_client, [None] * CLIENTS, SECONDS)  # warm up every worker
        floor = load(floor_client, [None] * CLIENTS, SECONDS)
        signed_in = signed_in_floors(clients, SECONDS, statements=queries - 1)
        api = load(api_client, clients, SECONDS)
    stored = manage(
        ENV,
        "shell",
        "--no-imports",
        "-c",
        "from opinions.models import Opinion; print(Opinion.objects.count())",
    )
    print(f"{CLIENTS} clients, {SECONDS:.0f} s each, gunicorn with {workers} workers, PostgreSQL")
    report("  ", floor, signed_in, "sync API", api)
    print(
        f"  sync API as a ratio to the signed-in one-INSERT view: "
        f"{api[0] / signed_in['one INSERT'][0]:.2f} (goal ≥ 0.5); one opinion and its "
        f"respondent a request, {queries} queries (the same for 1, 10 or 100 opinions a batch: "
        "tests/opinions/test_sync_api.py)"
    )
    same = signed_in[f"{queries - 1} statements"][0] / signed_in["one INSERT"][0]
    print(
        f"  the same number of statements, each SELECT 1 but the INSERT, reaches {same:.2f} of "
        "the one-INSERT view: the most a sync of this many statements could"
    )
    print(f"  {stored.strip()} opinions stored")


if __name__ == "__main__":
    main()
