"""A Grand-Débat-sized process end to end on this machine (issue #19, point 3): each step's
time and peak memory, each step in a process of its own as a server or a worker would run it.

    .venv/bin/python bench/grand_debat.py [N] [DATABASE]      (default 2000000 bench_e2e)

Steps: generate the process (bench/generate.py: N opinions from N/4 respondents, 20 events,
4 questions, 15 categories, N/10 coded); import a CSV of N rows from the shell into a second
process (streamed); search the workbench; code (category keys); train suggestions; count the
analysis (every kept figure); publish (a page of review, the stage's checks); the public
results cold and warm; export XLSX and CSV; archive the process and restore it into an empty
database. The database and the restored one are dropped at the end. BENCH_E2E_STEPS names the
steps to run after generating (default all, in this order), e.g. `archive,restore`.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import BASE_URL, environment  # noqa: E402

SLUG = "grand-debat"


def _django(database: str) -> None:
    os.environ.update(environment(database))
    import django

    django.setup()


def _client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user = User.objects.get(username="coder-1")
    user.groups.add(Group.objects.get(name="strategist"))
    client = Client()
    client.force_login(user)
    return client


def _timed_get(client, url: str, **headers) -> float:
    start = time.perf_counter()
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - start


# Each step runs in a child: `bench/grand_debat.py --step NAME DATABASE WORK`. -----------------


def step_import(work: Path) -> str:
    """A CSV of as many rows as the process has opinions, into a process of its own."""
    from bench.generate import AREAS, write
    from dialogues.models import Area, GuidingQuestion, Process

    size = int(os.environ["BENCH_E2E_ROWS"])
    process = Process.objects.create(title="Import", slug="import", municipality="Sunne kommun")
    for n in range(1, 5):
        GuidingQuestion.objects.create(process=process, text=f"Fråga {n}?", order=n)
    for name in AREAS:
        Area.objects.create(process=process, name=name)
    path = write(size, work / "opinions.csv")
    start = time.perf_counter()
    from django.core.management import call_command

    call_command("import_opinions", str(path), "--process", "import")
    return f"{path.stat().st_size / 2**20:.0f} MiB file, import {time.perf_counter() - start:.1f} s"


def step_search(work: Path) -> str:
    client = _client()
    url = f"/staff/processes/{SLUG}/coding/"
    times = [_timed_get(client, f"{url}?q={word}") for word in ("bänkar", "Lysvik", "cykel")]
    return f"median {statistics.median(times) * 1000:.0f} ms a search"


def step_code(work: Path) -> str:
    from opinions.models import Category, Opinion

    client = _client()
    category = Category.objects.filter(process__slug=SLUG).order_by("pk").first()
    ids = Opinion.objects.filter(process__slug=SLUG).order_by("-pk").values_list("pk", flat=True)
    times = []
    for pk in ids[:20]:
        start = time.perf_counter()
        response = client.post(
            f"/staff/processes/{SLUG}/coding/{pk}/",
            {"action": "toggle", "category": category.pk, "seen": "0"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code
        times.append(time.perf_counter() - start)
    workbench = _timed_get(client, f"/staff/processes/{SLUG}/coding/{ids[0]}/")
    return (
        f"median {statistics.median(times) * 1000:.0f} ms a category key; "
        f"the workbench {workbench * 1000:.0f} ms"
    )


def step_train(work: Path) -> str:
    from django.contrib.auth.models import User

    from opinions.models import Suggestion, SuggestionModel
    from opinions.services.suggestions import train_model

    model = SuggestionModel.objects.create(
        process_id=_process_id(), requested_by=User.objects.get(username="coder-1")
    )
    model = train_model(model)
    shown = Suggestion.objects.filter(model=model).count()
    return f"{model.status}: trained on {model.trained_on:,}, {shown:,} suggestions stored"


def _process_id() -> int:
    from dialogues.models import Process

    return Process.objects.get(slug=SLUG).pk


def step_analysis(work: Path) -> str:
    from dialogues.models import Process
    from opinions.analysis.kept import COUNTERS, count

    process = Process.objects.get(slug=SLUG)
    parts = []
    for kind in COUNTERS:
        row = count(process, kind)
        parts.append(f"{kind} {row.seconds:.1f} s")
    client = _client()
    page = _timed_get(client, f"/staff/processes/{SLUG}/analysis/")
    return ", ".join(parts) + f"; the page then {page * 1000:.0f} ms"


def step_publish(work: Path) -> str:
    from dialogues import stages
    from dialogues.models import Process

    client = _client()
    process = Process.objects.get(slug=SLUG)
    start = time.perf_counter()
    page = client.get(f"/staff/processes/{SLUG}/publication/?queue=not_reviewed")
    review = time.perf_counter() - start
    start = time.perf_counter()
    blockers = stages.blockers(process, stages.Stage.FEEDBACK_PUBLISHED)
    checks = time.perf_counter() - start
    return (
        f"a page of review {review * 1000:.0f} ms ({page.status_code}); the checks before "
        f"publishing {checks:.1f} s ({len(blockers)} blocking)"
    )


def step_public(work: Path) -> str:
    from django.test import Client

    from core import public_cache
    from opinions.models import KeptFigures

    KeptFigures.objects.filter(process__slug=SLUG).delete()
    public_cache.clear()
    client = Client()
    url = f"/dialog/{SLUG}/vad-ni-sa/"
    first = _timed_get(client, url)  # counts from nothing: a large process asks the worker
    from django.core.management import call_command

    call_command("db_worker", "--batch", verbosity=0)
    public_cache.clear()
    cold = _timed_get(client, url)
    warm = statistics.median(_timed_get(client, url) for _ in range(5))
    return f"first ever {first * 1000:.0f} ms; cold {cold * 1000:.0f} ms; warm {warm * 1000:.1f} ms"


def step_export(work: Path) -> str:
    from django.core.management import call_command

    parts = []
    for fmt in ("xlsx", "csv"):
        path = work / f"export.{fmt}"
        start = time.perf_counter()
        call_command("export_process", SLUG, "--format", fmt, "--output", str(path))
        parts.append(
            f"{fmt} {time.perf_counter() - start:.0f} s, {path.stat().st_size / 2**20:.0f} MiB"
        )
        path.unlink()
    return "; ".join(parts)


def step_archive(work: Path) -> str:
    from django.core.management import call_command

    path = work / "archive.zip"
    call_command("export_process", SLUG, "--format", "archive", "--output", str(path))
    return f"{path.stat().st_size / 2**20:.0f} MiB"


def step_restore(work: Path) -> str:
    from django.core.management import call_command

    call_command("import_archive", str(work / "archive.zip"))
    from opinions.models import Opinion

    return f"{Opinion.objects.count():,} opinions restored"


STEPS = {
    "import": step_import,
    "search": step_search,
    "code": step_code,
    "train": step_train,
    "analysis": step_analysis,
    "publish": step_publish,
    "public": step_public,
    "export": step_export,
    "archive": step_archive,
    "restore": step_restore,
}


def child(name: str, database: str, work: Path) -> None:
    _django(database)
    print(STEPS[name](work), flush=True)


def run(command: list[str], env: dict) -> tuple[float, float, str]:
    """(seconds, peak resident MiB, last line of output) of a command in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read().decode(errors="replace").strip()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    last = output.splitlines()[-1] if output else ""
    if status != 0:
        last = "FAILED: " + " | ".join(output.splitlines()[-6:])
    return seconds, usage.ru_maxrss / 1024, last


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    database = sys.argv[2] if len(sys.argv) > 2 else "bench_e2e"
    restored = f"{database}_restored"
    env = {**environment(database), "BENCH_E2E_ROWS": str(size)}
    python = sys.executable
    print(f"{size:,} opinions end to end, PostgreSQL, one process per step", flush=True)
    print(f"  {'step':10} {'seconds':>9} {'peak MiB':>9}  what", flush=True)

    def report(name: str, measured: tuple[float, float, str]) -> None:
        seconds, peak, what = measured
        print(f"  {name:10} {seconds:9.1f} {peak:9.0f}  {what}", flush=True)

    with tempfile.TemporaryDirectory() as work:
        report(
            "generate", run([python, "bench/generate.py", "grand-debat", str(size), database], env)
        )
        chosen = os.environ.get("BENCH_E2E_STEPS", ",".join(STEPS)).split(",")
        for name in [step for step in STEPS if step in chosen]:
            if name == "restore":
                subprocess.run(
                    ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", restored],
                    check=True,
                )
                subprocess.run(
                    ["createdb", "-h", "127.0.0.1", "-U", "postgres", restored], check=True
                )
                restore_env = {**environment(restored), "BENCH_E2E_ROWS": str(size)}
                subprocess.run(
                    [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=restore_env, check=True
                )
                report(name, run([python, __file__, "--step", name, restored, work], restore_env))
                continue
            report(name, run([python, __file__, "--step", name, database, work], env))
    for name in (database, restored):
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=False
        )
    print(f"(databases at {BASE_URL}, dropped again)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        child(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
    else:
        main()
