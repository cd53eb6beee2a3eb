"""A process's opinions and their coding, out: XLSX, CSV, JSON and a REFI-QDA project (.qdpx).

Spreadsheets never see a formula: in XLSX every text is written as a text cell (the words stay
exactly as the resident gave them), and in CSV a text that a spreadsheet would run as a
formula starts with an apostrophe (`codebook.neutralise`). JSON and the REFI-QDA project are
data formats that no spreadsheet runs.

No resident's text makes an export fail: CSV and JSON carry every character as it was sent;
XLSX and the REFI-QDA project are XML, which cannot hold most control characters (a phone's
keyboard can send them), and hold U+FFFD in their place (`cells.xml_safe`).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

from dialogues.models import Process
from opinions.analysis.crosstabs import DIMENSIONS, crosstab, frame
from opinions.formats import refi_qda
from opinions.formats.cells import xml_safe
from opinions.formats.codebook_files import categories, neutralise
from opinions.models import (
    Category,
    Coding,
    FinalCoding,
    Opinion,
    OpinionVersion,
    Respondent,
)

FORMATS = ["xlsx", "csv", "json", "qdpx"]
ROWS_PER_SHEET = 1_048_575  # Excel's most rows a sheet, less the header
CHUNK = 2000  # opinions read at a time
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "qdpx": "application/zip",
}


def _opinions(process: Process):
    return (
        Opinion.objects.for_process(process)
        .not_deleted()
        .select_related("event", "question", "respondent__area", "memo")
        .prefetch_related(
            "versions",
            "final_categories",
            Prefetch("codings", queryset=Coding.objects.select_related("category", "coder")),
        )
        .order_by("recorded_at", "pk")
    )


def _name(user) -> str:
    return user.get_full_name() or user.username


def opinion_rows(process: Process) -> tuple[list[str], Iterator[list]]:
    """The opinions table: one row per opinion, the same in every format."""
    header = [
        _("Id"),
        _("Registered"),
        _("Event"),
        _("Kind of event"),
        _("Question"),
        _("Respondent"),
        _("Age"),
        _("Gender"),
        _("Area"),
        _("Role"),
        _("Opinion"),
        _("Text as registered"),
        _("Status"),
        _("Reason for exclusion"),
        _("Final categories"),
        _("Memo"),
    ]
    return header, _opinion_rows(process)


def _opinion_rows(process: Process) -> Iterator[list]:
    """The opinions, read CHUNK at a time as plain values, with what each row needs looked up
    for the chunk at once: a process of 2,000,000 is never held in memory, and no model object
    is made per opinion (they made an export of 20,000 opinions take 36 s)."""
    events, questions, areas, names, labels = _lookups(process)
    columns = [
        "pk", "recorded_at", "event_id", "question_id", "respondent_id", "respondent__age_band",
        "respondent__gender", "respondent__area_id", "respondent__role", "original_text",
        "status", "exclusion_reason", "memo__text",
    ]  # fmt: skip
    opinions = (
        Opinion.objects.for_process(process)
        .not_deleted()
        .order_by("recorded_at", "pk")
        .values_list(*columns)
        .iterator(chunk_size=CHUNK)
    )
    for chunk in _chunks(opinions, CHUNK):
        ids = [row[0] for row in chunk]
        corrected = dict(
            OpinionVersion.objects.filter(opinion_id__in=ids)
            .order_by("opinion_id", "number")
            .values_list("opinion_id", "text")
        )  # the newest correction of each, as the last one in its order
        final: dict[int, list[str]] = {}
        for opinion_id, category_id in (
            FinalCoding.objects.filter(opinion_id__in=ids)
            .order_by("category__order", "category__name")
            .values_list("opinion_id", "category_id")
        ):
            final.setdefault(opinion_id, []).append(names[category_id])
        for (
            pk, recorded_at, event_id, question_id, respondent_id, age_band, gender, area_id,
            role, original, status, exclusion_reason, memo,
        ) in chunk:  # fmt: skip
            event_title, event_kind = events.get(event_id, ("", ""))
            yield [
                pk,
                timezone.localtime(recorded_at).replace(tzinfo=None),
                event_title,
                event_kind,
                questions.get(question_id, ""),
                respondent_id or "",
                labels["age_band"].get(age_band, age_band) if respondent_id else "",
                labels["gender"].get(gender, gender) if respondent_id else "",
                areas.get(area_id, ""),
                labels["role"].get(role, role) if respondent_id else "",
                corrected.get(pk, original),
                original,
                labels["status"].get(status, status),
                exclusion_reason,
                "; ".join(final.get(pk, [])),
                memo or "",
            ]


def _lookups(process: Process) -> tuple[dict, dict, dict, dict, dict]:
    """What the opinions table names by id or code, read once, in the user's language: the
    events (title, kind), questions (number), areas, categories and the choices' labels."""
    events = {event.pk: (event.title, event.get_kind_display()) for event in process.events.all()}
    questions = {question.pk: question.order for question in process.questions.all()}
    areas = {area.pk: area.name for area in process.areas.all()}
    names = {category.pk: category.name for category in Category.objects.for_process(process)}
    fields = [(Respondent, "age_band"), (Respondent, "gender"), (Respondent, "role")]
    fields.append((Opinion, "status"))
    labels = {
        name: {value: str(label) for value, label in model._meta.get_field(name).flatchoices}
        for model, name in fields
    }
    return events, questions, areas, names, labels


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _coding_rows(process: Process) -> tuple[list[str], Iterator[list]]:
    header = [_("Opinion"), _("Coder"), _("Category"), _("Coded")]
    codings = (
        Coding.objects.filter(opinion__process=process, opinion__deleted_at__isnull=True)
        .select_related("coder", "category")
        .order_by("opinion_id", "coder_id", "category__order")
    )
    rows = (
        [
            c.opinion_id,
            _name(c.coder),
            c.category.name,
            timezone.localtime(c.coded_at).replace(tzinfo=None),
        ]
        for c in codings.iterator(chunk_size=CHUNK)
    )
    return header, rows


def _codebook_rows(process: Process) -> tuple[list[str], list[list]]:
    header = [_("Category"), _("Parent"), _("Definition"), _("Include when"), _("Exclude when")]
    rows = [
        [c.name, c.parent.name if c.parent else "", c.definition, c.include_notes, c.exclude_notes]
        for c in categories(process)
    ]
    return header, rows


def _cell(sheet, value) -> WriteOnlyCell | None:
    """A value as a cell holds it: nothing for an empty text; a text without the characters
    XML (and so XLSX) cannot hold, marked as text whatever it starts with (never a formula)."""
    if value == "":
        return None
    cell = WriteOnlyCell(sheet, xml_safe(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = TYPE_STRING
    return cell


def _sheets(workbook: Workbook, title: str, header: list[str], rows: Iterable[list]) -> None:
    """`rows` under `header` on a sheet named `title`; past the most rows a sheet can hold
    (Excel's 1,048,576 with the header) they go on in "title (2)", "title (3)" and so on,
    each with the header again."""
    number, sheet, count = 1, None, ROWS_PER_SHEET
    for row in itertools.chain(rows, [None]):
        if sheet is None or (row is not None and count == ROWS_PER_SHEET):
            name = title if number == 1 else f"{title} ({number})"
            sheet = workbook.create_sheet(name[:31])
            sheet.freeze_panes = "A2"
            sheet.append([_cell(sheet, value) for value in header])
            number, count = number + 1, 0
        if row is not None:
            sheet.append([_cell(sheet, value) for value in row])
            count += 1


def to_xlsx(process: Process) -> Workbook:
    """The workbook, its sheets written to temporary files as they are read (write-only)."""
    workbook = Workbook(write_only=True)
    _sheets(workbook, _("Opinions"), *opinion_rows(process))
    _sheets(workbook, _("Codebook"), *_codebook_rows(process))
    _sheets(workbook, _("Codings by coder"), *_coding_rows(process))
    data = frame(process)
    for dimension, label in DIMENSIONS.items():
        table = crosstab(process, dimension, data)
        header = [_("Category"), *[str(column) for column in table.opinions.columns]]
        rows = [[str(index), *map(int, values)] for index, values in table.opinions.iterrows()]
        _sheets(workbook, _("By %(dimension)s") % {"dimension": label}, header, rows)
    return workbook


def to_csv(process: Process, target) -> None:
    """The opinions as CSV, written into `target` (binary) as they are read."""
    header, rows = opinion_rows(process)
    out = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")  # the BOM: Excel reads UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            neutralise(value) if isinstance(value, str) else _plain(value) for value in row
        )
    out.flush()
    out.detach()  # the target stays open for its owner


def _plain(value):
    return (
        value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, datetime.datetime)
        else value
    )


JSON_KEYS = [
    "id", "recorded_at", "event", "event_kind", "question", "respondent", "age_band", "gender",
    "area", "role", "text", "original_text", "status", "exclusion_reason", "final_categories",
    "memo",
]  # fmt: skip


def to_json(process: Process, target) -> None:
    """The process as one JSON object, written into `target` (binary) as the opinions and
    codings are read: one item a line in its list, so that 2,000,000 opinions take the memory
    of a chunk, not of the whole."""
    head = {
        "process": {"slug": process.slug, "title": process.title, "stage": process.stage},
        "codebook": [
            {
                "name": c.name,
                "parent": c.parent.name if c.parent else None,
                "definition": c.definition,
                "include": c.include_notes,
                "exclude": c.exclude_notes,
                "colour": c.colour,
                "key": c.key,
            }
            for c in categories(process)
        ],
    }
    _header, rows = opinion_rows(process)
    opinions = (_json_opinion(row) for row in rows)
    _, coding_rows = _coding_rows(process)
    codings = (
        {"opinion": o, "coder": coder, "category": category, "coded_at": at.isoformat()}
        for o, coder, category, at in coding_rows
    )
    out = io.TextIOWrapper(target, encoding="utf-8", newline="\n")
    out.write("{\n")
    for key, value in head.items():
        out.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    for key, items, last in (("opinions", opinions, False), ("codings", codings, True)):
        out.write(f" {json.dumps(key)}: [")
        for number, item in enumerate(items):
            out.write(",\n  " if number else "\n  ")
            out.write(json.dumps(item, ensure_ascii=False))
        out.write("\n ]\n" if last else "\n ],\n")
    out.write("}\n")
    out.flush()
    out.detach()  # the target stays open for its owner


def _json_opinion(row: list) -> dict:
    item = dict(zip(JSON_KEYS, row, strict=True))
    item["recorded_at"] = item["recorded_at"].isoformat()
    item["final_categories"] = [n for n in item["final_categories"].split("; ") if n]
    return item


def to_qdpx(process: Process) -> bytes:
    """A REFI-QDA 1.0 project for NVivo, ATLAS.ti, MAXQDA and QualCoder (`refi_qda`)."""
    out = io.BytesIO()
    _write_qdpx(process, out)
    return out.getvalue()


def _write_qdpx(process: Process, target) -> None:
    refi_qda.write_qdpx(process, _opinions(process).iterator(chunk_size=CHUNK), target)


def write_export(process: Process, fmt: str, target) -> None:
    """Write the export into `target`, a binary file open for writing, as the opinions are
    read, so that 2,000,000 of them take the memory of a chunk (bench/grand_debat.py)."""
    if fmt == "xlsx":
        to_xlsx(process).save(target)
    elif fmt == "csv":
        to_csv(process, target)
    elif fmt == "json":
        to_json(process, target)
    else:
        _write_qdpx(process, target)


def export(process: Process, fmt: str) -> bytes:
    """The export as bytes, for what is small enough to hold (tests, a single download)."""
    out = io.BytesIO()
    write_export(process, fmt, out)
    return out.getvalue()
