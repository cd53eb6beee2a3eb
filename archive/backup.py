"""One self-contained archive of a process, and its restoration (arkivlagen: a process's
records must outlive the system they were made in).

The archive is a zip:

- `manifest.json`: what it is, which process, when it was made, and for every other file its
  size and SHA-256, and how many records of each kind it holds;
- `data/NN-app.model.json`: every record of the process, kind by kind in an order that
  restores cleanly, as Django's JSON serialization (primary keys kept, so every link between
  records survives), with the history of every change;
- `files/…`: the attachments (photos of flip-charts, consultation responses as PDF);
- `documents/…`: the documents made from the records (every version of the strategy as
  Markdown, as it was frozen).

What it leaves out, on purpose: contacts for feedback (personal data that is deleted on its
date, never archived), passwords (a restored user must set a new one), and what is derived or
passing (search vectors, suggestions, import and export runs).

`restore` checks every checksum before it writes anything, and writes everything in one
transaction: into an empty database, or not at all.
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
VERSION = 1

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


def _dump(rows, leave_out) -> str:
    model = rows.model
    fields = [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.name not in leave_out
        and not f.primary_key
        and (not f.many_to_many or f.remote_field.through._meta.auto_created)
    ]
    return serializers.serialize(
        "json", rows, fields=fields, indent=1, ensure_ascii=False, cls=ExactEncoder
    )


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


def export_archive(process) -> bytes:
    """The whole process as one zip, with its manifest and checksums. A text kept in two
    languages is written as both (`title_sv`, `title_en`) and, by its plain name, the Swedish
    one, whatever language the export was asked for in (core/translated.py)."""
    with swedish():
        return _export(process)


def _export(process) -> bytes:
    parts = {label: _rows(label, lookup, process) for label, lookup, _ in PARTS}
    leave_out = {label: set(fields) for label, _, fields in PARTS}
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    users = get_user_model()._default_manager.filter(pk__in=_users(parts)).order_by("pk")
    files["data/00-auth.user.json"] = serializers.serialize(
        "json",
        users,
        fields=USER_FIELDS,
        indent=1,
        ensure_ascii=False,
        use_natural_foreign_keys=True,
        cls=ExactEncoder,
    ).encode()
    counts["auth.user"] = users.count()
    for number, (label, rows) in enumerate(parts.items(), start=1):
        files[f"data/{number:02d}-{label.lower()}.json"] = _dump(rows, leave_out[label]).encode()
        counts[label.lower()] = rows.count()
        if label in FILE_FIELDS:
            for name in rows.values_list(FILE_FIELDS[label], flat=True):
                if name and default_storage.exists(name):
                    with default_storage.open(name) as stored:
                        files[f"files/{name}"] = stored.read()
    from strategy.document import version_document

    for version in parts["strategy.DraftVersion"].select_related("strategy"):
        files[f"documents/version-{version.number}.md"] = version_document(version).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "process": process.slug,
        "title": process.title,
        "made": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
        "files": {
            name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(files.items())
        },
        "left_out": [
            "contacts for feedback (personal data deleted on its date)",
            "passwords",
            "search vectors, suggestions, import and export runs (derived)",
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def _read(data: bytes) -> tuple[dict, dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError("This is not an archive of a process: no readable manifest.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ArchiveError(
            f"The archive is of another kind or version ({manifest.get('format')} "
            f"{manifest.get('version')}); this restores {FORMAT} {VERSION}."
        )
    files = {}
    for name, expected in manifest["files"].items():
        try:
            content = archive.read(name)
        except KeyError as error:
            raise ArchiveError(f"{name} is listed in the manifest but missing.") from error
        if hashlib.sha256(content).hexdigest() != expected["sha256"]:
            raise ArchiveError(f"{name} does not match its checksum: the archive was changed.")
        files[name] = content
    extra = set(archive.namelist()) - set(files) - {"manifest.json"}
    if extra:
        raise ArchiveError(f"The archive holds files its manifest does not list: {sorted(extra)}.")
    return manifest, files


def restore_archive(data: bytes) -> Restored:
    """Restore an archive into an empty database, all of it or nothing."""
    manifest, files = _read(data)
    process_model = apps.get_model("dialogues.Process")
    if process_model.objects.exists() or get_user_model()._default_manager.exists():
        raise ArchiveError(
            "The database is not empty: an archive is restored into a new, migrated database."
        )
    records, touched = 0, set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for name in sorted(n for n in files if n.startswith("data/")):
            for item in serializers.deserialize(
                "json", files[name], handle_forward_references=True
            ):
                item.save()
                touched.add(type(item.object))
                records += 1
        connection.check_constraints()
        for user in get_user_model()._default_manager.all():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                cursor.execute(statement)
        saved = 0
        for name, content in files.items():
            if name.startswith("files/"):
                path = name.removeprefix("files/")
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(content))
                saved += 1
    process = process_model.objects.get(slug=manifest["process"])
    public_data.changed(process, site=True)
    return Restored(process=process, records=records, files=saved)
