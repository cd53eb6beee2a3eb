"""Import speed, as a ratio to a floor measured in the same run (PostgreSQL only).

- XLSX: `import_opinions`' plan and commit of N rows, against reading the same file with
  python-calamine plus writing the same rows with PostgreSQL COPY (goal: within 3×).
- CSV: the same, against pandas.read_csv plus the same COPY (goal: within 3×).
- Memory: the peak memory of `manage.py import_opinions` importing a CSV of N rows and one of
  20 × N rows, each in a process of its own (goal: the same within 1.5×: the file is read,
  checked and written a part at a time). BENCH_MEMORY_ROWS sets the larger (0 leaves it out).

The floor's COPY writes to a temporary table of the opinions' shape: no write-ahead log, no
foreign keys, no search trigger. Beside it, the same read and COPY into opinions_opinion itself,
committed, shows what of the ratio is the table's own integrity and search, which any write of
these rows pays.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunnemodel .venv/bin/python bench/imports.py [N]
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.generate import write  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PROCESS_ID = USER_ID = None  # the bench's process and user, once made


def copy_rows(rows: list[list[str]], *, into_opinions: bool = False) -> None:
    """The floor's write: the same rows into a table of the same shape, by COPY; or into
    opinions_opinion itself, committed (and removed again, untimed, by `clean`)."""
    table = "opinions_opinion" if into_opinions else "bench_floor"
    with transaction.atomic(), connection.cursor() as cursor:
        if not into_opinions:
            cursor.execute("DROP TABLE IF EXISTS bench_floor")
            cursor.execute("CREATE TEMP TABLE bench_floor (LIKE opinions_opinion INCLUDING ALL)")
        with cursor.copy(
            f"COPY {table} (process_id, original_text, published_text, language, "
            "consent_to_publish, recorded_by_id, recorded_at, source, source_file, polis_id, "
            "status, exclusion_reason, publication, deletion_reason) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(
                    (
                        PROCESS_ID,
                        row[2],
                        "",
                        "sv",
                        row[7] == "ja",
                        USER_ID,
                        "2012-09-15T00:00:00Z",
                        "file",
                        "bench",
                        "",
                        "registered",
                        "",
                        "not_reviewed",
                        "",
                    )
                )
        if not into_opinions:
            cursor.execute("DROP TABLE bench_floor")


def floor_xlsx(path: Path, *, into_opinions: bool = False) -> None:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = [[str(value) for value in row] for row in sheet.to_python()[1:]]
    copy_rows(rows, into_opinions=into_opinions)


def floor_csv(path: Path, *, into_opinions: bool = False) -> None:
    import pandas

    frame = pandas.read_csv(path, dtype=str, keep_default_na=False)
    copy_rows(frame.values.tolist(), into_opinions=into_opinions)


def ours(path: Path, process, user) -> None:
    from opinions.formats.opinion_files import plan_import
    from opinions.services.imports import import_commit

    plan = plan_import(process=process, file_name=path.name, data=path.read_bytes())
    assert plan.ok, plan.messages()[:5]
    result = import_commit(plan, recorded_by=user)
    assert result.opinions == ROWS, result


def clean(process) -> None:
    """Between runs, untimed: so that each run imports the file anew."""
    # Plain SQL: Django's delete() would first load 100,000 opinions to look for dependants.
    with connection.cursor() as cursor:
        for table in ("opinions_opinion", "opinions_respondent", "opinions_opinionimport"):
            cursor.execute(f"DELETE FROM {table} WHERE process_id = %s", [process.pk])  # noqa: S608


def timed(function, *args, after=None, **kwargs) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - start)
        if after:
            after()
    return statistics.median(times)


def peak_memory(path: Path, database: str) -> tuple[float, float]:
    """(seconds, peak resident MiB) of the shell's import of the file, in a process of its own."""
    import subprocess

    from bench.load import environment

    env = environment(database)
    command = [sys.executable, "manage.py", "import_opinions", str(path), "--process", "bench"]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
    output = child.stdout.read().decode()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0 or "created" not in output:
        sys.exit(f"the import of {path.name} failed: {output}")
    return seconds, usage.ru_maxrss / 1024


def memory(work: Path, process) -> list[tuple[int, float, float]]:
    """The import's time and peak memory at ROWS and at BENCH_MEMORY_ROWS rows."""
    sizes = [ROWS, int(os.environ.get("BENCH_MEMORY_ROWS", str(20 * ROWS)))]
    measured = []
    for size in [s for s in sizes if s]:
        path = write(size, work / f"memory-{size}.csv")
        seconds, peak = peak_memory(path, connection.settings_dict["NAME"])
        measured.append((size, seconds, peak))
        path.unlink()
        clean(process)
    return measured


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench/imports.py measures against PostgreSQL's COPY: set DATABASE_URL.")
    from tests.factories import AreaFactory, GuidingQuestionFactory, ProcessFactory, UserFactory

    global PROCESS_ID, USER_ID
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        user = UserFactory(username="bench")
        process = ProcessFactory(slug="bench")
        PROCESS_ID, USER_ID = process.pk, user.pk
        for order in range(1, 5):
            GuidingQuestionFactory(process=process, order=order)
        for name in ["Sunne tätort", "Lysvik", "Gräsmark", "Östra Ämtervik", "Västra Ämtervik"]:
            AreaFactory(process=process, name=name)
        with tempfile.TemporaryDirectory() as work:
            results = {}
            for kind, floor in (("xlsx", floor_xlsx), ("csv", floor_csv)):
                path = write(ROWS, Path(work) / f"opinions.{kind}")
                floor_time = timed(floor, path)
                table_time = timed(floor, path, into_opinions=True, after=lambda: clean(process))
                our_time = timed(ours, path, process, user, after=lambda: clean(process))
                results[kind] = (our_time, floor_time, table_time)
            measured = memory(Path(work), process)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    floors = {"xlsx": "calamine + COPY", "csv": "pandas.read_csv + COPY"}
    print(f"importing {ROWS} rows (median of {REPEAT})")
    for kind, (our_time, floor_time, table_time) in results.items():
        print(
            f"  {kind:4}: {our_time:6.2f} s; floor ({floors[kind]}) {floor_time:5.2f} s; "
            f"ratio {our_time / floor_time:4.1f}× (goal ≤ 3×)\n"
            f"        the same read and COPY into opinions_opinion itself, committed: "
            f"{table_time:5.2f} s, {table_time / floor_time:3.1f}× the floor; "
            f"the import is {our_time / table_time:3.1f}× that"
        )
    print("peak memory of `manage.py import_opinions` with a CSV, each in a process of its own")
    for size, seconds, peak in measured:
        print(f"  {size:>9,} rows: {seconds:7.1f} s, peak {peak:6.0f} MiB")
    if len(measured) == 2:
        ratio = measured[1][2] / measured[0][2]
        print(f"  ratio of the peaks {ratio:.2f}× (goal ≤ 1.5×)")


if __name__ == "__main__":
    main()
