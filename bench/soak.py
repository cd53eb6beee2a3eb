"""Residents reading and facilitators registering at once, for a minute: no error, and the
server holds exactly the opinions it acknowledged.

gunicorn serves the application on PostgreSQL with the Redis cache. 50 readers (separate
processes) read the public pages of the process, while 20 facilitators post opinions to the
sync endpoint, each in a batch of its own, and note every opinion the server answered
`stored`. A facilitator also sends one batch twice, as a phone does when an answer is lost.
At the end the opinions in the database are compared, one by one, with the acknowledged ones.
Only the machine's own loopback is used; the script stops by itself.

    .venv/bin/python bench/soak.py [seconds] [readers] [facilitators]
"""

import http.client
import json
import os
import secrets
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import PORT, environment, gunicorn
from bench.public import CACHE_URL

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
READERS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
FACILITATORS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
DATABASE = "sunnemodel_bench_soak"
ENV = {**environment(DATABASE), "CACHE_URL": CACHE_URL}
RECEIPT = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PAGES = ["/dialog/soak/", "/dialog/soak/vad-ni-sa/", "/en/dialog/soak/vad-ni-sa/"]


def prepare() -> dict:
    from bench.load import fresh_database

    fresh_database(ENV, DATABASE)
    os.environ.update(ENV)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from dialogues.models import DialogueEvent, GuidingQuestion, Process

    cache.clear()
    process = Process.objects.create(
        title="Soak",
        slug="soak",
        municipality="Sunne kommun",
        stage="dialogue_open",
        is_public=True,
    )
    question = GuidingQuestion.objects.create(process=process, text="Vad vill du?", order=1)
    sessions = []
    for number in range(FACILITATORS):
        user = get_user_model().objects.create(username=f"soak-{number}")
        user.groups.add(Group.objects.get(name="facilitator"))
        event = DialogueEvent.objects.create(
            process=process,
            slug=f"torg-{number}",
            kind="interview",
            title=f"Torg {number}",
            starts_at=timezone.now(),
        )
        event.facilitators.add(user)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(
            {
                "session": session.session_key,
                "csrf": _get_new_csrf_string(),
                "event": event.slug,
                "question": question.pk,
            }
        )
    return {"sessions": sessions}


def reader(_argument, until: float) -> tuple[int, list[str]]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    done, errors = 0, []
    while time.perf_counter() < until:
        for page in PAGES:
            connection.request("GET", page)
            response = connection.getresponse()
            response.read()
            done += 1
            if response.status != 200:
                errors.append(f"GET {page}: HTTP {response.status}")
    return done, errors


def facilitator(setup: dict, until: float) -> tuple[list[str], list[str], int]:
    """Post opinions until the time is up; the client ids the server said it stored."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {
        "Cookie": f"sessionid={setup['session']}; csrftoken={setup['csrf']}",
        "X-CSRFToken": setup["csrf"],
        "Content-Type": "application/json",
    }
    path = f"/api/v1/events/soak/{setup['event']}/sync"
    acknowledged, errors, resent = [], [], 0
    while time.perf_counter() < until:
        respondent = str(uuid.uuid4())
        opinions = [str(uuid.uuid4()) for _ in range(3)]
        body = json.dumps(
            {
                "respondents": [
                    {
                        "client_uuid": respondent,
                        "receipt_code": "".join(secrets.choice(RECEIPT) for _ in range(8)),
                        "age_band": "30-44",
                    }
                ],
                "opinions": [
                    {
                        "client_uuid": opinion,
                        "respondent": respondent,
                        "question": setup["question"],
                        "text": f"Synpunkt {opinion[:8]} om bussarna.",
                    }
                    for opinion in opinions
                ],
            }
        )
        # Now and then the same batch twice: the first answer was "lost" on the way.
        for _attempt in range(2 if len(acknowledged) % 30 == 0 else 1):
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            payload = response.read()
            if response.status != 200:
                errors.append(f"POST {path}: HTTP {response.status} {payload[:200]!r}")
                continue
            for item in json.loads(payload)["opinions"]:
                if item["status"] == "stored":
                    acknowledged.append(item["client_uuid"])
                elif item["status"] == "already_stored":
                    resent += 1
                else:
                    errors.append(f"rejected: {item['reason']}")
    return acknowledged, errors, resent


def main() -> None:
    setup = prepare()
    workers = os.environ.get("BENCH_WORKERS", str(2 * os.cpu_count()))
    with gunicorn(ENV, workers):
        until = time.perf_counter() + SECONDS
        with ProcessPoolExecutor(READERS + FACILITATORS) as pool:
            reading = [pool.submit(reader, None, until) for _ in range(READERS)]
            writing = [pool.submit(facilitator, s, until) for s in setup["sessions"]]
            reads = [future.result() for future in reading]
            writes = [future.result() for future in writing]
    from opinions.models import Opinion

    stored = {
        str(value)
        for value in Opinion.objects.filter(process__slug="soak").values_list(
            "client_uuid", flat=True
        )
    }
    acknowledged = [uid for result in writes for uid in result[0]]
    errors = [e for result in reads for e in result[1]] + [e for r in writes for e in r[1]]
    print(
        f"{READERS} readers and {FACILITATORS} facilitators for {SECONDS:.0f} s, gunicorn with "
        f"{workers} workers, PostgreSQL, Redis cache"
    )
    print(f"  pages read: {sum(r[0] for r in reads)}, errors: {len(errors)}")
    print(
        f"  opinions acknowledged: {len(acknowledged)} (each once: "
        f"{len(acknowledged) == len(set(acknowledged))}), batches sent twice answered "
        f"already stored: {sum(r[2] for r in writes)}"
    )
    print(
        f"  opinions in the database: {len(stored)}; the same as acknowledged: "
        f"{stored == set(acknowledged)}"
    )
    for error in errors[:10]:
        print("  ", error)
    if errors or stored != set(acknowledged) or len(acknowledged) != len(set(acknowledged)):
        sys.exit(1)


if __name__ == "__main__":
    main()
