"""Faults, tried for real on this machine: a worker killed in the middle of an export, and
PostgreSQL stopped in the middle of an import.

    .venv/bin/python bench/faults.py worker     # kill -9 the task worker while it writes
    .venv/bin/python bench/faults.py database   # stop PostgreSQL during an import (as root)

`worker` builds the public bench's database of 100,000 opinions (bench/public.py), asks for an
XLSX export, kills the `db_worker` while it writes, and checks that the export is shown as
stopped once TASK_STALLED_AFTER_SECONDS (here 5) has passed, and that asking again with a new
worker gives the whole file.

`database` imports 100,000 CSV rows with `manage.py import_opinions` while gunicorn serves the
application, stops PostgreSQL part-way (pg_ctlcluster, so it needs root and stops every other
user of this machine's PostgreSQL for a few seconds), starts it again, and checks that the
import is all there or not there at all, and that gunicorn answers again without a restart.
Both stop by themselves and use only the machine's own loopback.
"""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import public  # noqa: E402
from bench.load import PORT, PYTHON, gunicorn  # noqa: E402

STALL = 5
ENV = {**public.ENV, "TASK_STALLED_AFTER_SECONDS": str(STALL)}


def worker() -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float, step: float = 0.2) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(step)
    return False


def kill_the_worker() -> bool:
    os.environ.update(ENV)
    public.prepare()  # 100,000 opinions, and Django set up on that database
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from dialogues.models import Process
    from opinions.models import ExportRun
    from opinions.services.exports import export_request

    user = get_user_model().objects.get(username="bench-owner")
    process = Process.objects.get(slug="bench")
    with transaction.atomic():
        run = export_request(process=process, fmt="xlsx", by=user)

    def status(pk=run.pk) -> ExportRun:
        return ExportRun.objects.get(pk=pk)

    running = worker()
    writing = wait_for(lambda: status().status == ExportRun.Status.WRITING, 60)
    time.sleep(1)
    running.send_signal(signal.SIGKILL)
    running.wait()
    print(f"  worker killed while writing: {writing and status().status == 'writing'}")
    print(f"  right after: shown as stopped: {status().is_stalled} (it may still be working)")
    time.sleep(STALL + 1)
    stopped = status().is_stalled and status().is_finished
    print(f"  after {STALL} s without a sign of life: shown as stopped: {stopped}")

    with transaction.atomic():
        again = export_request(process=process, fmt="xlsx", by=user)
    running = worker()
    done = wait_for(lambda: status(again.pk).status == ExportRun.Status.DONE, 600, 1)
    running.send_signal(signal.SIGTERM)
    running.wait(timeout=60)
    size = status(again.pk).size
    print(f"  asked again with a new worker: done: {done}, {size:,} bytes")
    return writing and stopped and done and size > 0


def healthz() -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    except OSError:
        return 0


def postgres(action: str) -> None:
    version = next(iter(os.listdir("/etc/postgresql")))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action, "-m", "fast"]
        if action == "stop"
        else ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
    )


def stop_the_database() -> bool:
    os.environ.update(ENV)
    public.prepare()
    from django.db import close_old_connections, connection

    from bench.generate import AREAS, write
    from dialogues.models import Area, GuidingQuestion, Process
    from opinions.models import Opinion

    # A process the generated file fits: its areas, four questions, an open dialogue.
    process = Process.objects.create(
        title="Faults", slug="faults", municipality="Sunne kommun", stage="dialogue_open"
    )
    for number, name in enumerate(AREAS):
        Area.objects.create(process=process, name=name, order=number)
    for number in range(1, 5):
        GuidingQuestion.objects.create(process=process, text=f"Fråga {number}?", order=number)

    csv = write(100_000, Path("/tmp/sunnemodel-faults.csv"))  # noqa: S108 (a bench file)
    connection.close()
    before = 0
    with gunicorn(ENV, "2"):
        print(f"  gunicorn answers /healthz: {healthz()}")
        importing = subprocess.Popen(
            [PYTHON, "manage.py", "import_opinions", str(csv), "--process", "faults"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(float(os.environ.get("FAULT_AFTER", "3.5")))  # rows checked, COPY under way
        postgres("stop")
        down = healthz()
        time.sleep(2)
        postgres("start")
        out, err = importing.communicate(timeout=600)
        up = wait_for(lambda: healthz() == 200, 30)
        print(f"  while PostgreSQL was down, /healthz: {down}; after, 200 again: {up}")
    close_old_connections()
    after = Opinion.objects.filter(process=process).count() - before
    finished = importing.returncode == 0
    print(
        f"  the import {'finished' if finished else 'stopped'} "
        f"(exit {importing.returncode}): {after:,} opinions of 100,000 are stored"
    )
    if not finished:
        print(f"  it said: {(err or out).strip().splitlines()[-1][:200]}")
    whole = after in (0, 100_000)
    print(f"  all or nothing: {whole}")
    again = subprocess.run(
        [PYTHON, "manage.py", "import_opinions", str(csv), "--process", "faults"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    close_old_connections()
    total = Opinion.objects.filter(process=process).count()
    print(f"  run again: exit {again.returncode}, {total:,} opinions stored (each row once)")
    return whole and up and down != 200 and total == 100_000


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "worker"
    if which == "worker":
        print("A worker killed in the middle of an export:")
        ok = kill_the_worker()
    elif which == "database":
        print("PostgreSQL stopped in the middle of an import:")
        ok = stop_the_database()
    else:
        sys.exit("bench/faults.py worker|database")
    print("  held" if ok else "  DID NOT HOLD")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
