"""Residents reading and facilitators registering at once, for a minute: no error, and the
server holds exactly the opinions it acknowledged.

gunicorn serves the application on PostgreSQL with the Redis cache. 50 readers (separate
processes) read the public pages of the process, while 20 facilitators post opinions to the
sync endpoint, each in a batch of its own, and note every opinion the server answered
`stored`. A facilitator also sends one batch twice, as a phone does when an answer is lost.
At the end the opinions in the database are compared, one by one, with the acknowledged ones.
Only the machine's own loopback is used; the script stops by itself.

`cluster` runs the same past one machine's shape (docs/operations.md, "Scaling out"): two
gunicorn processes behind nginx (Debian's, as root: it reads the client's address from
X-Forwarded-For with TRUSTED_PROXIES=1), two `db_worker`s on the one task queue, and 300 tasks
enqueued as the load starts; each task must run exactly once, and nginx must have had no
error answer from either process.

    .venv/bin/python bench/soak.py [cluster] [seconds] [readers] [facilitators]
"""

import contextlib
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import CACHE_URL, PORT, PYTHON, ROOT, environment, gunicorn, staff_session

CLUSTER = len(sys.argv) > 1 and sys.argv[1] == "cluster"
ARGS = sys.argv[2:] if CLUSTER else sys.argv[1:]
SECONDS = float(ARGS[0]) if len(ARGS) > 0 else 60.0
READERS = int(ARGS[1]) if len(ARGS) > 1 else 50
FACILITATORS = int(ARGS[2]) if len(ARGS) > 2 else 20
DATABASE = "sunnemodel_bench_soak"
ENV = {**environment(DATABASE), "CACHE_URL": CACHE_URL}
if CLUSTER:
    ENV["TRUSTED_PROXIES"] = "1"
APP_PORTS = (PORT + 1, PORT + 2)  # behind nginx, which listens on PORT
TASKS = 300
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
    from django.core.cache import cache
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
        sessions.append(
            {
                **staff_session(user),
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


def soak(setup: dict) -> tuple[list, list]:
    until = time.perf_counter() + SECONDS
    with ProcessPoolExecutor(READERS + FACILITATORS) as pool:
        reading = [pool.submit(reader, None, until) for _ in range(READERS)]
        writing = [pool.submit(facilitator, s, until) for s in setup["sessions"]]
        return [f.result() for f in reading], [f.result() for f in writing]


NGINX = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    log_format upstream '$upstream_addr $upstream_status $status';
    access_log {folder}/access.log upstream;
    upstream app {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


@contextlib.contextmanager
def behind_nginx(folder: Path):
    """nginx on PORT in front of the two application ports, its log in `folder`."""
    config = folder / "nginx.conf"
    config.write_text(
        NGINX.format(folder=folder, port=PORT, first=APP_PORTS[0], second=APP_PORTS[1])
    )
    server = subprocess.Popen(["nginx", "-c", str(config), "-p", str(folder)])
    try:
        for _ in range(100):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                probe.request("GET", "/healthz")
                probe.getresponse().read()  # read, or nginx logs a request given up (499)
                break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def task_workers(count: int):
    workers = [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # a line per task; what matters is in the results
        )
        for _ in range(count)
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)


def cluster(setup: dict) -> tuple[list, list, list[str]]:
    """The soak on two gunicorns behind nginx with two task workers; what went wrong with the
    tasks or behind nginx is returned with the readers' and writers' results."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from bench.tasks import soak_probe

    workers = os.environ.get("BENCH_WORKERS", str(os.cpu_count()))
    probes = DBTaskResult.objects.filter(task_path="bench.tasks.soak_probe")
    problems = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with (
            gunicorn(ENV, workers, APP_PORTS[0]),
            gunicorn(ENV, workers, APP_PORTS[1]),
            behind_nginx(folder),
            task_workers(2),
        ):
            for number in range(TASKS):
                soak_probe.enqueue(number)
            reads, writes = soak(setup)
            deadline = time.monotonic() + 120
            while probes.exclude(status="SUCCESSFUL").exists():
                if time.monotonic() > deadline:
                    problems.append("tasks still not done two minutes after the load")
                    break
                time.sleep(0.5)
        answers = (folder / "access.log").read_text().splitlines()
    served: dict[str, int] = {}
    for line in answers:
        upstream, upstream_status, status = line.split()
        served[upstream] = served.get(upstream, 0) + 1
        if status != "200":
            problems.append(f"nginx answered {status} (from {upstream}: {upstream_status})")
    print(f"  behind nginx: {len(answers)} answers, by process: {served}")
    results = list(probes.values_list("status", "worker_ids"))
    by_worker: dict[str, int] = {}
    for status, worker_ids in results:
        for worker_id in worker_ids:
            by_worker[worker_id] = by_worker.get(worker_id, 0) + 1
        if status != "SUCCESSFUL" or len(worker_ids) != 1:
            problems.append(f"a task {status} after {len(worker_ids)} claims")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body, count(*) FROM bench_write WHERE body LIKE 'task %%' GROUP BY body"
        )
        runs = dict(cursor.fetchall())
    ran_once = sum(1 for n in range(TASKS) if runs.get(f"task {n}") == 1)
    print(
        f"  tasks: {TASKS} enqueued, {len(results)} results, {ran_once} ran exactly once; "
        f"claims by worker: {sorted(by_worker.values(), reverse=True)}"
    )
    if ran_once != TASKS:
        problems.append(f"{TASKS - ran_once} tasks did not run exactly once")
    if len(served) < 2:
        problems.append("nginx did not spread the load over both processes")
    return reads, writes, problems


def main() -> None:
    setup = prepare()
    problems: list[str] = []
    if CLUSTER:
        reads, writes, problems = cluster(setup)
        shape = "two gunicorns behind nginx, two task workers"
    else:
        workers = os.environ.get("BENCH_WORKERS", str(2 * os.cpu_count()))
        with gunicorn(ENV, workers):
            reads, writes = soak(setup)
        shape = f"gunicorn with {workers} workers"
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
        f"{READERS} readers and {FACILITATORS} facilitators for {SECONDS:.0f} s, {shape}, "
        "PostgreSQL, Redis cache"
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
    for error in (errors + problems)[:10]:
        print("  ", error)
    if (
        errors
        or problems
        or stored != set(acknowledged)
        or len(acknowledged) != len(set(acknowledged))
    ):
        sys.exit(1)


if __name__ == "__main__":
    main()
