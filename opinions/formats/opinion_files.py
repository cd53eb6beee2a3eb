"""Opinions read from a file (the event template, any XLSX/ODS/CSV, a Polis export): every row
read and checked into a plan, nothing written.

An import is planned first, then committed in one transaction (opinions/services/imports.py),
only when no row has a problem.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import DialogueEvent, Process
from opinions.formats.opinion_columns import (
    FIELDS,
    KNOWN_COLUMNS,
    NO,
    YES,
    auto_mapping,
    detect_format,
    formula_positions,
    parse_date,
)
from opinions.formats.tables import CsvFile, read_table
from opinions.models import Opinion, Respondent
from opinions.services.records import MAX_OPINION_LENGTH

IMPORT_NAMESPACE = uuid.UUID("6f1c3c2e-5d0b-4f44-9a53-5e2b3f0c7a11")
FORMATS = ("auto", "xlsx", "csv", "polis")


MAX_CELL = MAX_OPINION_LENGTH


UNKNOWN_QUESTION = gettext_lazy(
    "“%(value)s” is not one of the process's questions; give its number (1–%(count)d) "
    "or its exact text."
)


OTHER_CONVERSATION = gettext_lazy(
    "Polis comment %(id)s is already imported with another text, so this looks like another "
    "conversation. Import each conversation into its own event."
)


REPEATED_ROW = gettext_lazy(
    "this row repeats row %(row)d (same respondent, question and opinion); remove one of them."
)


def repeat_key(row: PlannedRow) -> tuple:
    """What two rows of a file must not both have: the same respondent, question and opinion."""
    return (row.respondent_key, row.question_id, row.text)


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class PlannedRow:
    number: int
    text: str
    question_id: int | None = None
    respondent_key: str = ""
    respondent_label: str = ""  # as the file names the respondent (the key is scoped to it)
    age_band: str = ""
    gender: str = ""
    area_id: int | None = None
    role: str = ""
    consent: bool = False
    recorded_at: datetime.datetime | None = None
    polis_id: str = ""
    excluded_reason: str = ""


@dataclass
class ImportPlan:
    process: Process
    event: DialogueEvent | None
    file_name: str
    format: str
    digest: str
    header: list[str]
    mapping: dict[str, str]
    encoding: str = ""
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0  # rows read, also when they are not kept in `rows` (plan_stream)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        return [f"{self.file_name}: {problem}" for problem in self.problems]


class _Choices:
    """Matches a cell against a field's values, by code or by label in either language."""

    def __init__(self, choices):
        self.lookup = {}
        for value, label in choices:
            for key in {value, str(label)}:
                self.lookup[self.norm(key)] = value
        self.shown = ", ".join(str(label) for _value, label in choices)

    @staticmethod
    def norm(text: str) -> str:
        return text.strip().lower().replace("–", "-").replace(" ", "")

    def get(self, cell: str) -> str | None:
        if cell not in self.lookup:  # the same few values repeat down a file: remember them
            self.lookup[cell] = self.lookup.get(self.norm(cell))
        return self.lookup[cell]


def plan_import(
    *,
    process: Process,
    file_name: str,
    data: bytes,
    event: DialogueEvent | None = None,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
) -> ImportPlan:
    """Read and check every row; write nothing. Raises ImportRefused for an unreadable file."""
    header, rows, encoding, formulas = read_table(file_name, data, fmt)
    digest = hashlib.sha256(data).hexdigest()
    plan = _file_plan(process, event, file_name, fmt, header, digest, encoding, mapping)
    if plan.problems:
        return plan
    is_polis = plan.format == "polis"
    reader = _RowReader(plan, formulas)
    read_row = reader.polis_row if is_polis else reader.table_row
    for number, row in enumerate(rows, start=2):
        reader.check_cells(number, row)
        planned = read_row(number, row)
        if planned is not None:
            plan.rows.append(planned)
    plan.row_count = len(plan.rows)
    if not plan.problems and is_polis:
        _check_same_conversation(plan)
    return plan


def _file_plan(process, event, file_name, fmt, header, digest, encoding, mapping=None):
    """The plan of a file read so far as its header: its format, which column holds which
    field (found by name, or as the person mapped them), and the columns' problems."""
    is_polis = fmt == "polis" or (fmt == "auto" and detect_format(header) == "polis")
    found, unknown = auto_mapping(header)
    if mapping is not None:
        found = {name: column for name, column in mapping.items() if column}
        unknown = []
    plan = ImportPlan(
        process=process,
        event=event,
        file_name=file_name,
        format="polis" if is_polis else "table",
        digest=digest,
        header=header,
        mapping=found,
        encoding=encoding,
    )
    damaged = [column for column in header if "\x00" in column]
    for column in damaged:  # PostgreSQL cannot keep it in the import's mapping
        plan.problems.append(
            Problem(
                1,
                column.replace("\x00", "\ufffd"),
                _(
                    "the heading holds a null character (byte 0), which text cannot hold; "
                    "the file may be damaged."
                ),
            )
        )
    if not damaged:
        plan.problems.extend(_column_problems(header, found, unknown, is_polis=is_polis))
    return plan


def plan_stream(
    *,
    process: Process,
    file_name: str,
    table: CsvFile,
    event: DialogueEvent | None = None,
    fmt: str = "auto",
    size: int = 10_000,
) -> tuple[ImportPlan, Iterator[ImportPlan]]:
    """As plan_import, for a CSV file of any size: the plan of the file (its columns' problems)
    and its rows as plans of `size` rows at a time, each checked as it is read; their problems
    are added to the file's plan. Rows that repeat one another are left to the caller to find,
    as the whole file is not held (`repeat_key`)."""
    plan = _file_plan(process, event, file_name, fmt, table.header, table.digest, table.encoding)
    is_polis = plan.format == "polis"

    def parts() -> Iterator[ImportPlan]:
        if plan.problems:
            return
        reader = _RowReader(plan, [], repeats=False)
        read_row = reader.polis_row if is_polis else reader.table_row
        part = replace(plan, rows=[], problems=[])
        for number, row in enumerate(table.rows(), start=2):
            reader.check_cells(number, row)
            if (planned := read_row(number, row)) is not None:
                part.rows.append(planned)
            if len(part.rows) == size:
                yield _checked(plan, part)
                part = replace(plan, rows=[], problems=[])
        if part.rows:
            yield _checked(plan, part)

    return plan, parts()


def _checked(plan: ImportPlan, part: ImportPlan) -> ImportPlan:
    plan.row_count += len(part.rows)
    if plan.format == "polis" and not plan.problems:
        _check_same_conversation(part)
        plan.problems.extend(part.problems)
    return part


def _column_problems(header, found, unknown, *, is_polis: bool) -> list[Problem]:
    problems = []
    if duplicates := {c for c in header if c and header.count(c) > 1}:
        problems.append(
            Problem(
                None,
                None,
                _("the column “%(column)s” appears twice.") % {"column": sorted(duplicates)[0]},
            )
        )
    for column in unknown:
        problems.append(
            Problem(
                None,
                column,
                _("this column is not known. Known columns are: %(known)s. Rename or remove it.")
                % {"known": KNOWN_COLUMNS},
            )
        )
    if "text" not in found:
        problems.append(Problem(None, None, _("no column holds the opinions; name it “Synpunkt”.")))
    for required in ("polis_id", "respondent", "moderated") if is_polis else ():
        if required not in found:
            problems.append(
                Problem(
                    None,
                    None,
                    _("a Polis export needs the column “%(column)s”.")
                    % {"column": FIELDS[required][-1]},
                )
            )
    return problems


class _RowReader:
    """Reads one row at a time into a PlannedRow, adding each problem to the plan. The lookups
    are made once per file, and the few values a file repeats are remembered."""

    def __init__(self, plan: ImportPlan, formulas: list[str], *, repeats: bool = True):
        self.plan = plan
        self.repeats = repeats  # False: the caller looks for repeated rows (a streamed file)
        self.header = plan.header
        self.columns = plan.mapping
        self.index = {name: plan.header.index(column) for name, column in plan.mapping.items()}
        self.formulas = formula_positions(formulas)
        questions = list(plan.process.questions.order_by("order", "pk"))
        self.question_count = len(questions)
        self.by_text = {_Choices.norm(q.text_sv or q.text): q.pk for q in questions}
        self.by_text.update({_Choices.norm(q.text_en): q.pk for q in questions if q.text_en})
        self.by_number = {str(number): q.pk for number, q in enumerate(questions, start=1)}
        self.areas = {_Choices.norm(area.name): area.pk for area in plan.process.areas.all()}
        self.choices = {
            "age_band": _Choices(Respondent.AgeBand.choices),
            "gender": _Choices(Respondent.Gender.choices),
            "role": _Choices(Respondent.Role.choices),
        }
        self.question_ids: dict[str, int | None] = {}
        self.area_ids: dict[str, int | None] = {}
        self.seen: dict[tuple, int] = {}
        self.zone = timezone.get_current_timezone()
        self.polis_scope = plan.event.pk if plan.event else 0

    def problem(self, number: int, field_or_column: str | None, message: str) -> None:
        column = self.columns.get(field_or_column, field_or_column)
        self.plan.problems.append(Problem(number, column, message))

    def cell(self, row: list[str], name: str) -> str:
        return row[self.index[name]].strip() if name in self.index else ""

    def check_cells(self, number: int, row: list[str]) -> None:
        """Formulas, over-long cells and NUL characters, wherever they are."""
        cells = row[: len(self.header)]
        if not (
            self.formulas
            or max(map(len, cells), default=0) > MAX_CELL
            or any("\x00" in value for value in cells)
        ):
            return
        for position, value in enumerate(cells):
            # A spreadsheet's formula cell is refused: its value is not what anyone wrote. A
            # text that merely starts with "=" (CSV has no formulas) is what the resident
            # said; it is kept as it is, and every export keeps spreadsheets from running it.
            if (number, position) in self.formulas:
                self.problem(
                    number,
                    self.header[position],
                    _("the cell holds a formula; write the text itself."),
                )
            elif len(value) > MAX_CELL:
                self.problem(
                    number,
                    self.header[position],
                    _("the cell holds %(length)d characters; at most %(max)d are allowed.")
                    % {"length": len(value), "max": MAX_CELL},
                )
            elif "\x00" in value:
                # Text cannot hold it (PostgreSQL refuses it): a sign of a damaged file, shown
                # by its row, since only the file's start is looked at to tell it from binary.
                self.problem(
                    number,
                    self.header[position],
                    _(
                        "the cell holds a null character (byte 0), which text cannot hold; "
                        "the file may be damaged."
                    ),
                )

    def _start(self, number: int, row: list[str]) -> PlannedRow | None:
        text = self.cell(row, "text")
        if not text:
            self.problem(number, "text", _("the opinion is empty."))
            return None
        return PlannedRow(number=number, text=text)

    def polis_row(self, number: int, row: list[str]) -> PlannedRow | None:
        planned = self._start(number, row)
        if planned is None:
            return None
        planned.polis_id = self.cell(row, "polis_id")
        if not planned.polis_id:
            self.problem(number, "polis_id", _("the Polis id is missing."))
        # Polis numbers comments and authors per conversation: one conversation per event.
        planned.respondent_label = self.cell(row, "respondent")
        planned.respondent_key = f"polis:{self.polis_scope}:{planned.respondent_label}"
        planned.consent = True
        if self.cell(row, "moderated") == "-1":
            planned.excluded_reason = _("Rejected by the moderator in Polis (moderated = -1).")
        stamp = self.cell(row, "timestamp")
        if stamp.isdigit():
            planned.recorded_at = datetime.datetime.fromtimestamp(
                int(stamp) / 1000, tz=datetime.UTC
            )
        return planned

    def table_row(self, number: int, row: list[str]) -> PlannedRow | None:
        planned = self._start(number, row)
        if planned is None:
            return None
        if value := self.cell(row, "question"):
            planned.question_id = self.question(value)
            if planned.question_id is None:
                self.problem(
                    number,
                    "question",
                    UNKNOWN_QUESTION % {"value": value[:80], "count": self.question_count},
                )
        if value := self.cell(row, "respondent"):
            planned.respondent_key = f"file:{self.plan.digest[:16]}:{value}"
            planned.respondent_label = value
        self._profile(number, row, planned)
        if self.repeats:
            key = repeat_key(planned)
            if key in self.seen:
                self.problem(number, None, REPEATED_ROW % {"row": self.seen[key]})
            self.seen.setdefault(key, number)
        return planned

    def _profile(self, number: int, row: list[str], planned: PlannedRow) -> None:
        """The respondent's profile, the consent and the date of a row, each checked."""
        for name, choices in self.choices.items():
            if value := self.cell(row, name):
                chosen = choices.get(value)
                if chosen is None:
                    self.problem(
                        number,
                        name,
                        _("“%(value)s” is not one of: %(choices)s.")
                        % {"value": value[:40], "choices": choices.shown},
                    )
                setattr(planned, name, chosen or "")
        if value := self.cell(row, "area"):
            if value not in self.area_ids:
                self.area_ids[value] = self.areas.get(_Choices.norm(value))
            planned.area_id = self.area_ids[value]
            if planned.area_id is None:
                self.problem(
                    number,
                    "area",
                    _("“%(value)s” is not one of the process's areas.") % {"value": value[:40]},
                )
        if "consent" in self.index:
            value = self.cell(row, "consent").lower()
            if value not in YES | NO:
                self.problem(
                    number,
                    "consent",
                    _("write “ja” or “nej”, not “%(value)s”.") % {"value": value[:20]},
                )
            planned.consent = value in YES
        if value := self.cell(row, "recorded_at"):
            planned.recorded_at = parse_date(value, self.zone)
            if planned.recorded_at is None:
                self.problem(
                    number,
                    "recorded_at",
                    _("“%(value)s” cannot be read as a date; write it as 2012-09-15.")
                    % {"value": value[:40]},
                )

    def question(self, value: str) -> int | None:
        """A question by its exact text, or by its number ("2" or "2. Hur vill du …")."""
        if value not in self.question_ids:
            numbered = re.match(r"^(\d+)[.)]?(\s|$)", value)
            self.question_ids[value] = self.by_text.get(_Choices.norm(value)) or (
                self.by_number.get(numbered.group(1)) if numbered else None
            )
        return self.question_ids[value]


def _check_same_conversation(plan: ImportPlan) -> None:
    """A Polis comment already imported in this scope must be the same comment: a different
    text means another conversation, which would otherwise be taken for already imported."""
    ids = {row_uuid(plan, row): row for row in plan.rows}
    stored = Opinion.objects.filter(client_uuid__in=ids).values_list("client_uuid", "original_text")
    for client_uuid, text in stored:
        row = ids[client_uuid]
        if text != row.text:
            plan.problems.append(
                Problem(
                    row.number,
                    plan.mapping["polis_id"],
                    OTHER_CONVERSATION % {"id": row.polis_id},
                )
            )
            return


def row_uuid(plan: ImportPlan, row: PlannedRow) -> uuid.UUID:
    """The same row of the same file gets the same id; a Polis comment keeps its id even in a
    newer export of the conversation."""
    if row.polis_id:
        scope = plan.event.pk if plan.event else 0
        return uuid.uuid5(IMPORT_NAMESPACE, f"polis:{plan.process.pk}:{scope}:{row.polis_id}")
    # A file's rows count up from an id made of the process and the file's content: as stable
    # as a hash per row, and cheap for 100,000 rows.
    return uuid.UUID(int=(_file_uuid_base(plan.process.pk, plan.digest) + row.number) % 2**128)


@functools.lru_cache(maxsize=64)
def _file_uuid_base(process_id: int, digest: str) -> int:
    return uuid.uuid5(IMPORT_NAMESPACE, f"{process_id}:{digest}").int
