"""A file of opinions of any size imported from the disk (the shell's `import_opinions`), read,
checked and written a part at a time inside one transaction: the memory it takes does not grow
with the file (bench/imports.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace  # noqa: F401
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from core import public_data
from dialogues.models import DialogueEvent, Process
from opinions.formats.opinion_files import (
    REPEATED_ROW,
    ImportPlan,
    Problem,
    plan_import,
    plan_stream,
    repeat_key,
)
from opinions.formats.tables import SPREADSHEET_ENDINGS, open_csv
from opinions.services.imports import (
    ImportResult,
    import_commit,
    imported_before,
    record_import,
    write_plan,
)

STREAM_ROWS = 10_000  # rows checked and written at a time
MAX_PROBLEMS = 1_000  # problems told of a file, at most


def import_file(
    *,
    process: Process,
    event: DialogueEvent | None,
    path: Path,
    file_name: str,
    recorded_by,
    fmt: str = "auto",
    dry_run: bool = False,
) -> tuple[ImportPlan, ImportResult | None]:
    """Import a file from the disk, all or nothing, as `import_commit` does a plan; with the
    file's problems in the plan, and the result (None when nothing was saved: problems, or a
    dry run).

    A CSV file is read, checked and written STREAM_ROWS rows at a time inside one transaction,
    so that the memory it takes does not grow with the file (2,000,000 rows as 1,000; see
    bench/imports.py): what a check needs of the whole file is kept in the database (the rows
    already written, the repeat keys in a temporary table), and a problem anywhere rolls it all
    back. A spreadsheet is read whole, as an upload is: it is bounded by the cells it may hold."""
    name = file_name.lower()
    if fmt == "xlsx" or (fmt == "auto" and name.endswith(SPREADSHEET_ENDINGS)):
        plan = plan_import(
            process=process, event=event, file_name=file_name, data=path.read_bytes(), fmt=fmt
        )
        if not plan.ok or dry_run:
            return plan, None
        return plan, import_commit(plan, recorded_by=recorded_by)
    with transaction.atomic():
        plan, result = _stream(process, event, path, file_name, recorded_by, fmt, dry_run)
        if not plan.ok or dry_run:
            transaction.set_rollback(True)
            return plan, None
        return plan, result


def _stream(process, event, path, file_name, recorded_by, fmt, dry_run):
    plan, parts = plan_stream(
        process=process,
        event=event,
        file_name=file_name,
        table=open_csv(file_name, path),
        fmt=fmt,
        size=STREAM_ROWS,
    )
    result = ImportResult(opinions=0, respondents=0, excluded=0, already_there=0)
    seen_before, now = imported_before(plan), timezone.now()
    with _RowKeys() as keys:
        for part in parts:
            if plan.format != "polis":
                keys.add(part.rows)
            if len(plan.problems) >= MAX_PROBLEMS:
                break
            if plan.ok and not dry_run:  # once a problem is found, the rest is only checked
                known = seen_before or plan.row_count > len(part.rows)
                _add(result, write_plan(part, recorded_by, now, seen_before, known))
        if plan.ok and plan.format != "polis":
            for number, first in keys.repeated(MAX_PROBLEMS):
                plan.problems.append(Problem(number, None, REPEATED_ROW % {"row": first}))
    plan.problems = plan.problems[:MAX_PROBLEMS]
    if plan.ok and not dry_run:
        public_data.changed(process)
        record_import(plan, plan.row_count, recorded_by, now, result)
    return plan, result


def _add(total: ImportResult, part: ImportResult) -> None:
    total.opinions += part.opinions
    total.respondents += part.respondents
    total.excluded += part.excluded
    total.already_there += part.already_there


class _RowKeys:
    """The repeat keys of a streamed file's rows (`repeat_key`, as a 64-bit hash), kept in a
    temporary table of the database connection instead of in memory. Two different keys with
    the same hash would be told as a repeat: one chance in about 10^7 for 2,000,000 rows."""

    TABLE = "import_row_keys"

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.TABLE} "
                "(key bigint NOT NULL, number integer NOT NULL)"
            )
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:  # after an error the transaction's rollback takes the table with it
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {self.TABLE}")

    @staticmethod
    def _hash(row) -> int:
        digest = hashlib.blake2b(repr(repeat_key(row)).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def add(self, rows) -> None:
        values = [(self._hash(row), row.number) for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {self.TABLE} (key, number) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                insert = f"INSERT INTO {self.TABLE} (key, number) VALUES (%s, %s)"  # noqa: S608
                cursor.executemany(insert, values)

    def repeated(self, limit: int) -> list[tuple[int, int]]:
        """(row, the earlier row it repeats) for each repeated row, in the file's order."""
        with connection.cursor() as cursor:
            table = self.TABLE  # our own name, not input
            cursor.execute(
                f"SELECT k.number, f.first FROM {table} k JOIN ("  # noqa: S608
                f"SELECT key, MIN(number) AS first FROM {table} GROUP BY key HAVING COUNT(*) > 1"
                ") f ON f.key = k.key WHERE k.number > f.first ORDER BY k.number LIMIT %s",
                [limit],
            )
            return cursor.fetchall()
