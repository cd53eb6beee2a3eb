"""Writes of imports: a checked upload queued for the background, and a planned import
committed in one transaction, all or nothing.

Each row gets a client id made from the process, the file's content and the row number, so
importing the same file again creates nothing new.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks import task

from core import public_data
from dialogues.models import DialogueEvent, Process
from opinions.formats.opinion_files import (
    ImportPlan,
    plan_import,
    row_uuid,
)
from opinions.formats.tables import ImportRefused, read_table
from opinions.models import (
    RECEIPT_ALPHABET,
    ImportRun,
    Opinion,
    OpinionImport,
    Respondent,
)


@dataclass
class ImportResult:
    opinions: int
    respondents: int
    excluded: int
    already_there: int


def _chunks(items: list, size: int = 10_000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(queryset, field: str, values: list, *columns: str) -> list:
    """`values_list(*columns)` of the rows whose `field` is among `values`, asked in chunks
    (PostgreSQL takes at most 65,535 parameters in one query)."""
    found = []
    for chunk in _chunks(values):
        found.extend(queryset.filter(**{f"{field}__in": chunk}).values_list(*columns))
    return found


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (values in the order of `columns`). On PostgreSQL by COPY: an import of
    100,000 rows spends most of its time building model objects and INSERT statements
    otherwise (measured in bench/imports.py). Every row names every column, so the two paths
    store the same thing."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    names = ", ".join(model._meta.get_field(name).column for name in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _random_codes(count: int, length: int = 8) -> set[str]:
    """As new_receipt_code, many at once: 256 is a multiple of the alphabet's 32 letters, so
    each random byte picks a letter without bias."""
    assert 256 % len(RECEIPT_ALPHABET) == 0  # noqa: S101
    data = secrets.token_bytes(count * length)
    return {
        "".join(RECEIPT_ALPHABET[byte % len(RECEIPT_ALPHABET)] for byte in data[i : i + length])
        for i in range(0, len(data), length)
    }


RESPONDENT_COLUMNS = [
    "receipt_code",
    "process_id",
    "event_id",
    "age_band",
    "gender",
    "area_id",
    "role",
    "client_uuid",
    "external_id",
    "created_at",
]


OPINION_COLUMNS = [
    "process_id",
    "event_id",
    "open_space_session_id",
    "question_id",
    "respondent_id",
    "original_text",
    "published_text",
    "language",
    "consent_to_publish",
    "recorded_by_id",
    "recorded_at",
    "source",
    "source_file",
    "source_row",
    "polis_id",
    "client_uuid",
    "status",
    "exclusion_reason",
    "duplicate_of_id",
    "publication",
    "deleted_at",
    "deleted_by_id",
    "deletion_reason",
]


STATUS = OPINION_COLUMNS.index("status")


def _insert_respondents(rows: list[tuple]) -> list[int]:
    """Insert new respondents (RESPONDENT_COLUMNS but the first) with fresh receipt codes; their
    ids, in the order of `rows`. A code is 40 random bits; should one already be taken, the
    unique index refuses the batch and it is tried again with new codes."""
    for attempt in range(3):
        codes = list(_random_codes(len(rows)))
        while len(codes) < len(rows):  # two equal codes in one batch
            codes = list(set(codes) | _random_codes(len(rows) - len(codes)))
        try:
            with transaction.atomic():
                return _insert_returning_ids(
                    Respondent,
                    RESPONDENT_COLUMNS,
                    [(code, *row) for code, row in zip(codes, rows, strict=True)],
                )
        except IntegrityError:
            if attempt == 2:
                raise
    return []  # not reached: the third refusal is raised


def _insert_returning_ids(model, columns: list[str], rows: list[tuple]) -> list[int]:
    """`_insert`, with the new rows' ids in their order: on PostgreSQL taken from the table's
    sequence first and written with the rows, so that nothing is read back (reading back the
    respondents of 100,000 opinions by their keys took 1.0 s of a 10 s import)."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )
        return [item.pk for item in made]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    _insert(model, ["id", *columns], [(pk, *row) for pk, row in zip(ids, rows, strict=True)])
    return ids


def imported_before(plan: ImportPlan) -> bool:
    """Whether rows of this plan can be stored already. A table's rows and respondents are
    keyed by the file's digest, so only if this very file was imported before; Polis keeps its
    ids across exports."""
    return (
        plan.format == "polis"
        or OpinionImport.objects.filter(process=plan.process, digest=plan.digest).exists()
    )


def _already_imported(plan: ImportPlan, uuids: dict, seen_before: bool) -> set:
    """The client ids of the plan's rows that are stored already."""
    if not seen_before:
        return set()
    return {
        value
        for (value,) in _existing(
            Opinion.objects, "client_uuid", list(uuids.values()), "client_uuid"
        )
    }


def _stored_respondents(plan: ImportPlan, keys: list[str], seen_before: bool) -> dict[str, int]:
    """The respondent id of each of these keys already stored for the process."""
    if not seen_before:
        return {}
    in_process = Respondent.objects.filter(process=plan.process)
    return dict(_existing(in_process, "external_id", keys, "external_id", "pk"))


@dataclass
class ImportForecast:
    """What importing a plan would do, told before it is confirmed."""

    opinions: int  # opinions to be created that count
    excluded: list[tuple[str, int]]  # opinions to be created as excluded: (why, how many)
    already_there: int  # rows imported before, to be skipped
    respondents: int  # new respondents


def import_forecast(plan: ImportPlan) -> ImportForecast:
    """What import_commit would do with a checked plan now, without writing anything."""
    seen_before = imported_before(plan)
    uuids = {row.number: row_uuid(plan, row) for row in plan.rows}
    existing = _already_imported(plan, uuids, seen_before)
    new = [row for row in plan.rows if uuids[row.number] not in existing]
    keys = list({row.respondent_key for row in plan.rows if row.respondent_key})
    reasons = Counter(row.excluded_reason for row in new if row.excluded_reason)
    return ImportForecast(
        opinions=len(new) - sum(reasons.values()),
        excluded=sorted(reasons.items(), key=lambda item: -item[1]),
        already_there=len(plan.rows) - len(new),
        respondents=len(keys) - len(_stored_respondents(plan, keys, seen_before)),
    )


@transaction.atomic
def import_commit(plan: ImportPlan, *, recorded_by) -> ImportResult:
    """Write a checked plan, all or nothing. Rows already imported are left as they are."""
    if not plan.ok:
        raise ImportRefused("\n".join(plan.messages()))
    now = timezone.now()
    seen_before = imported_before(plan)
    result = write_plan(plan, recorded_by, now, seen_before, seen_before)
    public_data.changed(plan.process)
    record_import(plan, len(plan.rows), recorded_by, now, result)
    return result


def write_plan(plan: ImportPlan, recorded_by, now, seen_before: bool, known: bool) -> ImportResult:
    """Write the plan's rows: those not stored before (`seen_before`: this file was imported
    before), with their respondents, new or already stored (`known`: some may be)."""
    respondents, new_respondents = _respondents_of(plan, known, now)
    uuids = {row.number: row_uuid(plan, row) for row in plan.rows}
    existing = _already_imported(plan, uuids, seen_before)
    rows = [
        _opinion_row(plan, row, respondents, uuids[row.number], recorded_by, now)
        for row in plan.rows
        if uuids[row.number] not in existing
    ]
    _insert(Opinion, OPINION_COLUMNS, rows)
    return ImportResult(
        opinions=len(rows),
        respondents=new_respondents,
        excluded=sum(1 for row in rows if row[STATUS] == Opinion.Status.EXCLUDED),
        already_there=len(plan.rows) - len(rows),
    )


def record_import(plan: ImportPlan, rows: int, recorded_by, now, result: ImportResult) -> None:
    """The import's own record: which file, by whom, and what it made."""
    OpinionImport.objects.create(
        process=plan.process,
        event=plan.event,
        file_name=plan.file_name[:255],
        digest=plan.digest,
        format=plan.format,
        rows=rows,
        imported_by=recorded_by,
        imported_at=now,
        opinions=result.opinions,
        respondents=result.respondents,
        excluded=result.excluded,
    )


def _respondents_of(plan: ImportPlan, known: bool, now) -> tuple[dict[str, int], int]:
    """The respondent id of every respondent key in the plan, those not yet stored inserted;
    and how many were new. `known`: some may be stored already."""
    process, event_id = plan.process, plan.event.pk if plan.event else None
    keys = list({row.respondent_key for row in plan.rows if row.respondent_key})
    respondents = _stored_respondents(plan, keys, known)
    profiles = {}
    for row in plan.rows:
        if row.respondent_key and row.respondent_key not in respondents:
            profiles.setdefault(row.respondent_key, row)
    ids = _insert_respondents(
        [
            (process.pk, event_id, row.age_band, row.gender, row.area_id, row.role, None, key, now)
            for key, row in profiles.items()
        ]
    )
    respondents.update(zip(profiles, ids, strict=True))
    return respondents, len(profiles)


def _opinion_row(plan: ImportPlan, row, respondents: dict, client_uuid, recorded_by, now) -> tuple:
    """One opinion as OPINION_COLUMNS, for COPY."""
    return (
        plan.process.pk,
        plan.event.pk if plan.event else None,
        None,
        row.question_id,
        respondents.get(row.respondent_key),
        row.text,
        "",
        "sv",
        row.consent,
        recorded_by.pk,
        row.recorded_at or now,
        Opinion.Source.POLIS if plan.format == "polis" else Opinion.Source.FILE,
        plan.file_name[:255],
        row.number,
        row.polis_id,
        client_uuid,
        Opinion.Status.EXCLUDED if row.excluded_reason else Opinion.Status.REGISTERED,
        row.excluded_reason,
        None,
        Opinion.Publication.NOT_REVIEWED,
        None,
        None,
        "",
    )


def import_queue(
    *,
    process: Process,
    event: DialogueEvent | None,
    file_name: str,
    path: str,
    fmt: str,
    mapping: dict | None,
    requested_by,
) -> ImportRun:
    """Queue a checked upload for import in the background (opinions.tasks.import_run)."""
    run = ImportRun.objects.create(
        process=process,
        event=event,
        file_name=file_name,
        path=path,
        format=fmt,
        mapping=mapping,
        requested_by=requested_by,
    )
    # The database backend stores the task in this same transaction: the worker sees it once
    # the run itself is committed.
    import_run.enqueue(run.pk)
    return run


# Uploads waiting to be confirmed ----------------------------------------------------------------

UPLOAD_TOKEN_AGE = 24 * 3600  # seconds an upload may wait for its confirmation


class UploadExpired(Exception):
    """The upload is gone or its token has run out: the file is to be chosen again."""


@dataclass
class PendingUpload:
    """A file uploaded for import, kept until it is confirmed; the token names it in the form."""

    process: Process
    token: str
    meta: dict
    data: bytes

    @property
    def event(self) -> DialogueEvent | None:
        event_id = self.meta["event"]
        return self.process.events.filter(pk=event_id).first() if event_id else None

    def plan(self, mapping: dict[str, str] | None = None) -> ImportPlan:
        return plan_import(
            process=self.process,
            event=self.event,
            file_name=self.meta["name"],
            data=self.data,
            fmt=self.meta["format"],
            mapping=mapping,
        )


def upload_keep(*, process: Process, user, upload, fmt: str, event) -> PendingUpload:
    """Keep an upload for its preview, once its header is read; ImportRefused if it cannot be."""
    data = upload.read()
    header = read_table(upload.name, data, fmt)[0]
    path = default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(data))
    meta = {
        "process": process.pk,
        "user": user.pk,
        "path": path,
        "name": upload.name,
        "event": event.pk if event else None,
        "format": fmt,
        "header": header,
    }
    return PendingUpload(process, signing.dumps(meta, salt="opinion-import"), meta, data)


def upload_open(*, token: str, process: Process, user) -> PendingUpload:
    """The upload this token names, for the same process and person, or UploadExpired."""
    try:
        meta = signing.loads(token, salt="opinion-import", max_age=UPLOAD_TOKEN_AGE)
    except signing.BadSignature as error:
        raise UploadExpired from error
    if meta["process"] != process.pk or meta["user"] != user.pk:
        raise PermissionDenied
    try:
        with default_storage.open(meta["path"]) as stored:
            return PendingUpload(process, token, meta, stored.read())
    except FileNotFoundError as error:
        raise UploadExpired from error


def _set(run: ImportRun, status: str, **fields) -> None:
    ImportRun.objects.filter(pk=run.pk).update(status=status, **fields)


@task()
def import_run(run_id: int) -> str:
    """Read, check and save an upload that was confirmed. All or nothing, as in the shell."""
    run = ImportRun.objects.select_related("process", "event", "requested_by").get(pk=run_id)
    _set(run, ImportRun.Status.READING)
    try:
        with default_storage.open(run.path) as stored:
            data = stored.read()
        plan = plan_import(
            process=run.process,
            event=run.event,
            file_name=run.file_name,
            data=data,
            fmt=run.format,
            mapping=run.mapping,
        )
        if not plan.ok:
            raise ImportRefused("\n".join(plan.messages()))
        _set(run, ImportRun.Status.WRITING)
        with transaction.atomic():
            import_commit(plan, recorded_by=run.requested_by)
            result = (
                OpinionImport.objects.filter(process=run.process, digest=plan.digest)
                .order_by("-pk")
                .first()
            )
            _set(run, ImportRun.Status.DONE, result=result)
    except (ImportRefused, FileNotFoundError) as error:
        _set(run, ImportRun.Status.FAILED, messages=str(error).splitlines()[:200])
        return "failed"
    except Exception:
        _set(run, ImportRun.Status.FAILED, messages=["internal error"])
        raise
    finally:
        default_storage.delete(run.path)
    return "done"


UPLOADS_KEPT = datetime.timedelta(days=1)


def uploads_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploads that waited longer than a day for their confirmation (an upload holds
    residents' words; one never confirmed has no reason to stay). An upload that an import run
    is reading is left for the run, which deletes it itself. Returns how many were deleted."""
    limit = (now or timezone.now()) - UPLOADS_KEPT
    try:
        _folders, names = default_storage.listdir("imports")
    except FileNotFoundError:
        return 0
    running = set(
        ImportRun.objects.exclude(
            status__in=[ImportRun.Status.DONE, ImportRun.Status.FAILED]
        ).values_list("path", flat=True)
    )
    deleted = 0
    for name in names:
        path = f"imports/{name}"
        if path not in running and default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            deleted += 1
    return deleted
