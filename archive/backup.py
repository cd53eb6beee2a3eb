"""One self-contained archive of a process, and its restoration (arkivlagen: a process's
records must outlive the system they were made in).

The archive is a zip:

- `manifest.json`: what it is, which process, when it was made, and for every other file its
  size and SHA-256, and how many records of each kind it holds;
- `data/NN-app.model.jsonl`: every record of the process, kind by kind in an order that
  restores cleanly, as Django's JSON Lines serialization, a record a line (primary keys kept,
  so every link between records survives), with the history of every change;
- `files/…`: the attachments (photos of flip-charts, consultation responses as PDF);
- `documents/…`: the documents made from the records (every version of the strategy as
  Markdown, as it was frozen).

What it leaves out, on purpose: contacts for feedback (personal data that is deleted on its
date, never archived), passwords (a restored user must set a new one), and what is derived or
passing (search vectors, suggestions, import and export runs).

`restore` checks every checksum before it writes anything, and writes everything in one
transaction: into an empty database, or not at all.

Both ways hold a record, a batch of records or a file at a time, never the whole process: the
archive of 2,000,000 opinions is written into the zip as it is read, and restored a batch of
RESTORE_BATCH records at a time (bench/grand_debat.py). Version 1 archives, one JSON document a
kind, are still restored.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from core import public_data
from core.translated import swedish

FORMAT = "sunnemodellen-archive"
VERSION = 2  # 2: a record a line (JSON Lines); 1: one JSON document a kind
RESTORABLE = (1, 2)
RESTORE_BATCH = 2000  # records inserted at a time

# (model, the lookup from it to the process, fields left out). The order restores cleanly.
PARTS = [
    ("dialogues.Body", None, ()),
    ("dialogues.Process", "pk", ()),
    ("dialogues.Area", "process", ()),
    ("dialogues.Mandate", "process", ()),
    ("dialogues.GuidingQuestion", "process", ()),
    ("dialogues.DialogueEvent", "process", ()),
    ("dialogues.EventAttachment", "event__process", ()),
    ("dialogues.OpenSpaceSession", "event__process", ()),
    ("dialogues.StageTransition", "process", ()),
    ("opinions.Respondent", "process", ()),
    ("opinions.Category", "process", ()),
    ("opinions.Opinion", "process", ("search_vector",)),
    ("opinions.OpinionVersion", "opinion__process", ()),
    ("opinions.OpinionImport", "process", ()),
    ("opinions.Coding", "opinion__process", ()),
    ("opinions.FinalCoding", "opinion__process", ()),
    ("opinions.Memo", "opinion__process", ()),
    ("opinions.CodingChange", "opinion__process", ()),
    ("opinions.CodingSample", "process", ()),
    ("opinions.Reconciliation", "opinion__process", ()),
    ("opinions.CodebookChange", "process", ()),
    ("opinions.PopulationFigure", "process", ()),
    ("strategy.Strategy", "process", ()),
    ("strategy.PolicyInput", "strategy__process", ()),
    ("strategy.Goal", "strategy__process", ()),
    ("strategy.Target", "goal__strategy__process", ()),
    ("strategy.Measurement", "target__goal__strategy__process", ()),
    ("strategy.Assessment", "target__goal__strategy__process", ()),
    ("strategy.DraftVersion", "strategy__process", ()),
    ("strategy.ReviewComment", "version__strategy__process", ()),
    ("strategy.Consultation", "strategy__process", ()),
    ("strategy.Consultee", "consultation__strategy__process", ()),
    ("strategy.Response", "consultation__strategy__process", ()),
    ("strategy.ResponsePoint", "response__consultation__strategy__process", ()),
    ("strategy.Decision", "strategy__process", ()),
    # The history of every change (django-simple-history), by the process's ids.
    ("opinions.HistoricalOpinion", "process_id", ("search_vector",)),
    ("opinions.HistoricalCategory", "process_id", ()),
    ("opinions.HistoricalCoding", "opinion__process_id", ()),
    ("opinions.HistoricalFinalCoding", "opinion__process_id", ()),
    ("strategy.HistoricalGoal", "strategy__process_id", ()),
    ("strategy.HistoricalTarget", "goal__strategy__process_id", ()),
    ("strategy.HistoricalDraftVersion", "strategy__process_id", ()),
    ("strategy.HistoricalResponsePoint", "response__consultation__strategy__process_id", ()),
    ("strategy.HistoricalDecision", "strategy__process_id", ()),
]
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "groups")
FILE_FIELDS = {"dialogues.EventAttachment": "file", "strategy.Response": "file"}


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's own encoder keeps milliseconds, and a restored
    archive must hold exactly what was archived."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class ArchiveError(Exception):
    """An archive that cannot be restored, said in plain words."""


@dataclass
class Restored:
    process: object
    records: int
    files: int


def _rows(label: str, lookup: str | None, process):
    model = apps.get_model(label)
    rows = model._default_manager.all()
    if label == "dialogues.Body":
        return rows.filter(municipality=process.municipality).order_by("pk")
    if lookup == "pk":
        return rows.filter(pk=process.pk)
    value = process.pk if lookup.endswith("_id") else process
    return rows.filter(**{lookup: value}).order_by("pk")


def _dump(rows, leave_out, stream) -> None:
    """Write the rows to the stream as JSON Lines, read a chunk at a time."""
    model = rows.model
    fields = [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.name not in leave_out
        and not f.primary_key
        and (not f.many_to_many or f.remote_field.through._meta.auto_created)
    ]
    serializers.serialize(
        "jsonl",
        rows.iterator(chunk_size=RESTORE_BATCH),
        fields=fields,
        ensure_ascii=False,
        cls=ExactEncoder,
        stream=stream,
    )


class _Entry:
    """A file being written into the zip, as text or bytes, measured for the manifest."""

    def __init__(self, archive: zipfile.ZipFile, name: str, listed: dict):
        self.entry = archive.open(name, "w", force_zip64=True)
        self.name, self.listed = name, listed
        self.digest, self.size = hashlib.sha256(), 0

    def write(self, data) -> None:
        data = data.encode() if isinstance(data, str) else data
        self.entry.write(data)
        self.digest.update(data)
        self.size += len(data)

    def __enter__(self):
        return self

    def __exit__(self, *error):
        self.entry.close()
        self.listed[self.name] = {"bytes": self.size, "sha256": self.digest.hexdigest()}


def _users(parts: dict[str, list]) -> list[int]:
    """Every user a record names: recorded by, coded by, decided by, moved by…"""
    user_model = get_user_model()
    found: set[int] = set()
    for label, rows in parts.items():
        model = apps.get_model(label)
        for field in model._meta.fields:
            if field.is_relation and field.related_model is user_model:
                found.update(
                    pk for pk in rows.values_list(field.attname, flat=True) if pk is not None
                )
        for field in model._meta.local_many_to_many:
            if field.related_model is user_model:
                found.update(pk for pk in rows.values_list(field.name, flat=True) if pk is not None)
    return sorted(found)


def export_archive(process, target=None) -> bytes | None:
    """The whole process as one zip, with its manifest and checksums: written into `target`
    (a binary file open for writing), or without one returned as bytes. A text kept in two
    languages is written as both (`title_sv`, `title_en`) and, by its plain name, the Swedish
    one, whatever language the export was asked for in (core/translated.py)."""
    with swedish():
        if target is not None:
            _export(process, target)
            return None
        buffer = io.BytesIO()
        _export(process, buffer)
        return buffer.getvalue()


def _export(process, target) -> None:
    parts = {label: _rows(label, lookup, process) for label, lookup, _ in PARTS}
    leave_out = {label: set(fields) for label, _, fields in PARTS}
    listed: dict[str, dict] = {}
    counts: dict[str, int] = {}
    users = get_user_model()._default_manager.filter(pk__in=_users(parts)).order_by("pk")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        with _Entry(archive, "data/00-auth.user.jsonl", listed) as entry:
            serializers.serialize(
                "jsonl",
                users,
                fields=USER_FIELDS,
                ensure_ascii=False,
                use_natural_foreign_keys=True,
                cls=ExactEncoder,
                stream=entry,
            )
        counts["auth.user"] = users.count()
        stored = []
        for number, (label, rows) in enumerate(parts.items(), start=1):
            with _Entry(archive, f"data/{number:02d}-{label.lower()}.jsonl", listed) as entry:
                _dump(rows, leave_out[label], entry)
            counts[label.lower()] = rows.count()
            if label in FILE_FIELDS:
                stored.extend(rows.values_list(FILE_FIELDS[label], flat=True))
        from strategy.document import version_document

        for version in parts["strategy.DraftVersion"].select_related("strategy"):
            with _Entry(archive, f"documents/version-{version.number}.md", listed) as entry:
                entry.write(version_document(version))
        for name in sorted(name for name in stored if name and default_storage.exists(name)):
            with default_storage.open(name) as file, _Entry(archive, f"files/{name}", listed) as e:
                e.write(file.read())
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "process": process.slug,
            "title": process.title,
            "made": timezone.now().isoformat(timespec="seconds"),
            "counts": counts,
            "files": dict(sorted(listed.items())),
            "left_out": [
                "contacts for feedback (personal data deleted on its date)",
                "passwords",
                "search vectors, suggestions, import and export runs (derived)",
            ],
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))


def _open(source) -> tuple[zipfile.ZipFile, dict]:
    """The archive and its manifest, once every file is found to match its checksum (read a
    block at a time)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError("This is not an archive of a process: no readable manifest.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") not in RESTORABLE:
        raise ArchiveError(
            f"The archive is of another kind or version ({manifest.get('format')} "
            f"{manifest.get('version')}); this restores {FORMAT} "
            f"{' and '.join(map(str, RESTORABLE))}."
        )
    for name, expected in manifest["files"].items():
        digest = hashlib.sha256()
        try:
            with archive.open(name) as content:
                while block := content.read(1 << 20):
                    digest.update(block)
        except KeyError as error:
            raise ArchiveError(f"{name} is listed in the manifest but missing.") from error
        if digest.hexdigest() != expected["sha256"]:
            raise ArchiveError(f"{name} does not match its checksum: the archive was changed.")
    extra = set(archive.namelist()) - set(manifest["files"]) - {"manifest.json"}
    if extra:
        raise ArchiveError(f"The archive holds files its manifest does not list: {sorted(extra)}.")
    return archive, manifest


def _records(archive: zipfile.ZipFile, name: str):
    """The records of one data file, one at a time (a version 1 file is read whole)."""
    with archive.open(name) as content:
        if name.endswith(".jsonl"):
            yield from serializers.deserialize(
                "jsonl", io.TextIOWrapper(content, encoding="utf-8"), handle_forward_references=True
            )
        else:
            yield from serializers.deserialize(
                "json", content.read(), handle_forward_references=True
            )


def _insert(items: list) -> set:
    """Insert deserialized records of one kind as they were archived, primary keys and times
    as they are (what a raw save writes), a batch in one statement; then their many-to-many
    links. Returns the models written."""
    if not items:
        return set()
    model = type(items[0].object)
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [
        [f.get_db_prep_save(getattr(item.object, f.attname), connection) for f in fields]
        for item in items
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    for item in items:
        for accessor, values in (item.m2m_data or {}).items():
            getattr(item.object, accessor).set(values)
    return {model}


def restore_archive(source) -> Restored:
    """Restore an archive (bytes, or a binary file open for reading) into an empty database,
    all of it or nothing."""
    archive, manifest = _open(source)
    process_model = apps.get_model("dialogues.Process")
    if process_model.objects.exists() or get_user_model()._default_manager.exists():
        raise ArchiveError(
            "The database is not empty: an archive is restored into a new, migrated database."
        )
    records, touched = 0, set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for name in sorted(n for n in manifest["files"] if n.startswith("data/")):
            batch = []
            for item in _records(archive, name):
                batch.append(item)
                records += 1
                if len(batch) == RESTORE_BATCH:
                    touched |= _insert(batch)
                    batch = []
            touched |= _insert(batch)
        connection.check_constraints()
        get_user_model()._default_manager.update(password=make_password(None))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                cursor.execute(statement)
        saved = 0
        for name in manifest["files"]:
            if name.startswith("files/"):
                path = name.removeprefix("files/")
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(archive.read(name)))
                saved += 1
    process = process_model.objects.get(slug=manifest["process"])
    public_data.changed(process, site=True)
    return Restored(process=process, records=records, files=saved)
