"""The process's records as CSV tables for the e-archive, and their description as CSV on the
Web (W3C CSVW) metadata: each table's columns, their data types and their titles in Swedish
and English. Plain data in, bytes out; nothing here writes to the database.

What is never in a table: contacts for feedback (kept apart and deleted on their date), the
receipt codes and device ids of respondents, consultees' e-mail addresses, and what is
derived (search vectors, suggestions).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dialogues.models import DialogueEvent, GuidingQuestion
from opinions.models import Category, Coding, FinalCoding, Opinion, Respondent
from strategy.models import Decision, DraftVersion, Goal, Response, ResponsePoint, Target


@dataclass(frozen=True)
class Column:
    name: str  # the header, and the lookup the value is read by
    datatype: str  # a CSVW (XML Schema) datatype: string, integer, dateTime, date, boolean…
    title_sv: str
    title_en: str
    references: str = ""  # the table whose `id` this column holds

    @property
    def header(self) -> str:
        return self.name.replace(".", "_")


@dataclass(frozen=True)
class Table:
    name: str  # the file is `name`.csv
    record_class: str  # archive/retention.py
    title_sv: str
    title_en: str
    columns: list[Column]
    source: Source


@dataclass(frozen=True)
class Source:
    """Where a table's rows are read: the model, the lookup from it to the process, the order."""

    model: type
    process_path: str
    order: tuple[str, ...] = ("pk",)


def C(name: str, datatype: str, sv: str, en: str, ref: str = "") -> Column:
    return Column(name, datatype, sv, en, ref)


ID = C("id", "integer", "Id", "Id")
TABLES = [
    Table("opinions", "opinions", "Synpunkter, som registrerade", "Opinions as registered", [
        ID,
        C("event_id", "integer", "Dialogtillfälle (id)", "Event (id)", "events"),
        C("open_space_session_id", "integer", "Open Space-samtal (id)", "Open Space session (id)"),
        C("question_id", "integer", "Fråga (id)", "Question (id)", "questions"),
        C("respondent_id", "integer", "Deltagare (id)", "Respondent (id)", "respondents"),
        C("original_text", "string", "Synpunkten, oförändrad", "The opinion, unchanged"),
        C("published_text", "string", "Publicerad text", "Published text"),
        C("language", "string", "Språk", "Language"),
        C("consent_to_publish", "boolean", "Samtycke till publicering", "Consent to publish"),
        C("recorded_by.username", "string", "Registrerad av", "Recorded by"),
        C("recorded_at", "dateTime", "Registrerad", "Recorded at"),
        C("source", "string", "Källa", "Source"),
        C("source_file", "string", "Importerad fil", "Imported file"),
        C("source_row", "integer", "Rad i filen", "Row in the file"),
        C("polis_id", "string", "Polis-id", "Polis id"),
        C("status", "string", "Status", "Status"),
        C("exclusion_reason", "string", "Skäl att utesluta", "Reason for exclusion"),
        C("duplicate_of_id", "integer", "Dubblett av (id)", "Duplicate of (id)", "opinions"),
        C("publication", "string", "Publicering", "Publication"),
        C("deleted_at", "dateTime", "Makulerad", "Deleted"),
        C("deletion_reason", "string", "Skäl till makulering", "Reason for deletion"),
    ], Source(Opinion, "process")),
    Table("respondents", "respondents", "Deltagare (utan kontaktuppgifter)",
          "Respondents (no contact details)", [
        ID,
        C("event_id", "integer", "Dialogtillfälle (id)", "Event (id)", "events"),
        C("age_band", "string", "Ålder", "Age band"),
        C("gender", "string", "Kön", "Gender"),
        C("area.name", "string", "Kommundel", "Area"),
        C("role", "string", "Roll", "Role"),
        C("created_at", "dateTime", "Registrerad", "Registered"),
    ], Source(Respondent, "process")),
    Table("events", "events", "Dialogtillfällen", "Dialogue events", [
        ID,
        C("kind", "string", "Slag", "Kind"),
        C("title", "string", "Rubrik", "Title"),
        C("place", "string", "Plats", "Place"),
        C("address", "string", "Adress", "Address"),
        C("starts_at", "dateTime", "Börjar", "Starts"),
        C("ends_at", "dateTime", "Slutar", "Ends"),
        C("target_groups", "string", "Målgrupper", "Target groups"),
        C("announcement_date", "date", "Annonserat", "Announced"),
        C("announcement_text", "string", "Annons", "Announcement"),
        C("press_release_date", "date", "Pressmeddelande", "Press release"),
        C("press_release_text", "string", "Pressmeddelandets text", "Press release text"),
        C("headcount", "integer", "Antal mötta personer", "People met"),
        C("notes", "string", "Anteckningar", "Notes"),
    ], Source(DialogueEvent, "process", ("starts_at", "pk"))),
    Table("questions", "events", "Frågor", "Guiding questions", [
        ID,
        C("order", "integer", "Ordning", "Order"),
        C("text_sv", "string", "Fråga", "Question"),
        C("text_en", "string", "Fråga på engelska", "Question in English"),
    ], Source(GuidingQuestion, "process", ("order", "pk"))),
    Table("codebook", "coding", "Kodbok (kategorier)", "Codebook (categories)", [
        ID,
        C("key", "string", "Tangent", "Key"),
        C("name_sv", "string", "Namn", "Name"),
        C("name_en", "string", "Namn på engelska", "Name in English"),
        C("definition", "string", "Definition", "Definition"),
        C("include_notes", "string", "Tas med", "Include"),
        C("exclude_notes", "string", "Tas inte med", "Exclude"),
        C("parent_id", "integer", "Överordnad kategori (id)", "Parent category (id)", "codebook"),
        C("merged_into_id", "integer", "Sammanslagen med (id)", "Merged into (id)", "codebook"),
        C("order", "integer", "Ordning", "Order"),
    ], Source(Category, "process", ("order", "pk"))),
    Table("codings", "coding", "Kodning per kodare", "Coding by each coder", [
        ID,
        C("opinion_id", "integer", "Synpunkt (id)", "Opinion (id)", "opinions"),
        C("category_id", "integer", "Kategori (id)", "Category (id)", "codebook"),
        C("coder.username", "string", "Kodare", "Coder"),
        C("coded_at", "dateTime", "Kodad", "Coded"),
    ], Source(Coding, "opinion__process")),
    Table("final_codings", "coding", "Slutlig kodning", "Final coding", [
        ID,
        C("opinion_id", "integer", "Synpunkt (id)", "Opinion (id)", "opinions"),
        C("category_id", "integer", "Kategori (id)", "Category (id)", "codebook"),
        C("decided_by.username", "string", "Beslutad av", "Decided by"),
        C("decided_at", "dateTime", "Beslutad", "Decided"),
    ], Source(FinalCoding, "opinion__process")),
    Table("strategy_versions", "strategy", "Strategins versioner", "Strategy versions", [
        ID,
        C("number", "integer", "Version", "Version"),
        C("status", "string", "Status", "Status"),
        C("created_at", "dateTime", "Skapad", "Created"),
        C("frozen_at", "dateTime", "Låst", "Frozen"),
    ], Source(DraftVersion, "strategy__process", ("number",))),
    Table("goals", "strategy", "Mål", "Goals", [
        ID,
        C("order", "integer", "Ordning", "Order"),
        C("title_sv", "string", "Mål", "Goal"),
        C("title_en", "string", "Mål på engelska", "Goal in English"),
        C("description_sv", "string", "Beskrivning", "Description"),
    ], Source(Goal, "strategy__process", ("order", "pk"))),
    Table("targets", "strategy", "Målvärden", "Targets", [
        ID,
        C("goal_id", "integer", "Mål (id)", "Goal (id)", "goals"),
        C("order", "integer", "Ordning", "Order"),
        C("indicator_sv", "string", "Indikator", "Indicator"),
        C("unit_sv", "string", "Enhet", "Unit"),
        C("direction", "string", "Riktning", "Direction"),
        C("baseline_year", "integer", "Basår", "Baseline year"),
        C("baseline_value", "decimal", "Basvärde", "Baseline value"),
        C("target_year", "integer", "Målår", "Target year"),
        C("target_value", "decimal", "Målvärde", "Target value"),
        C("source_kind", "string", "Källa", "Source"),
        C("kolada_kpi", "string", "Kolada-nyckeltal", "Kolada KPI"),
        C("kolada_municipality", "string", "Kolada-kommun", "Kolada municipality"),
        C("source_note", "string", "Om källan", "Source note"),
        C("responsible_body.name", "string", "Ansvarig", "Responsible body"),
    ], Source(Target, "goal__strategy__process", ("goal__order", "order", "pk"))),
    Table("remiss_responses", "consultation", "Remissvar", "Consultation responses", [
        ID,
        C("consultation_id", "integer", "Remiss (id)", "Consultation (id)"),
        C("consultation.version.number", "integer", "Remitterad version", "Version sent"),
        C("consultee.name", "string", "Remissinstans", "Consultee"),
        C("consultee.kind", "string", "Slag av instans", "Kind of consultee"),
        C("received_on", "date", "Inkom", "Received"),
        C("case_number", "string", "Diarienummer", "Case number"),
        C("position", "string", "Ställning", "Position"),
        C("text", "string", "Svaret", "The response"),
    ], Source(Response, "consultation__strategy__process")),
    Table("remiss_dispositions", "consultation", "Remissvarens synpunkter och ställningstaganden",
          "Response points and dispositions", [
        ID,
        C("response_id", "integer", "Remissvar (id)", "Response (id)", "remiss_responses"),
        C("summary_sv", "string", "Synpunkt", "Point"),
        C("disposition", "string", "Ställningstagande", "Disposition"),
        C("reason_sv", "string", "Motivering", "Reason"),
        C("changed_in.number", "integer", "Ändrat i version", "Changed in version"),
        C("disposed_by.username", "string", "Bedömd av", "Disposed by"),
        C("disposed_at", "dateTime", "Bedömd", "Disposed"),
    ], Source(ResponsePoint, "response__consultation__strategy__process")),
    Table("decisions", "decision", "Beslut", "Decisions", [
        ID,
        C("body.name", "string", "Beslutande organ", "Body"),
        C("meeting_date", "date", "Sammanträde", "Meeting"),
        C("minute_item", "string", "Paragraf", "Minute item"),
        C("case_number", "string", "Diarienummer", "Case number"),
        C("text_sv", "string", "Beslutet", "The decision"),
        C("adopted_version.number", "integer", "Antagen version", "Version adopted"),
        C("minutes_approved_on", "date", "Justerat", "Minutes approved"),
        C("announced_on", "date", "Anslaget", "Announced"),
    ], Source(Decision, "strategy__process")),
]  # fmt: skip


def table_rows(table: Table, process) -> Iterable[tuple]:
    """The table's rows, in its columns' order: one query, streamed."""
    source = table.source
    names = [column.name.replace(".", "__") for column in table.columns]
    rows = source.model._default_manager.filter(**{source.process_path: process})
    return rows.order_by(*source.order).values_list(*names).iterator(chunk_size=2000)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_bytes(table: Table, rows: Iterable) -> bytes:
    """RFC 4180: UTF-8 without a byte-order mark, CRLF, a header row of the columns' names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue().encode()


def description(tables: list[Table], *, folder: str) -> dict:
    """The tables as CSV on the Web metadata (https://www.w3.org/TR/tabular-metadata/): every
    column's header, data type and title in Swedish and English, the keys between tables, and
    each table's record class (its retention rule is in metadata/other/retention.csv).
    `folder` is where the CSV files are, as seen from the description's own place."""
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "sv"}],
        "dialect": {"encoding": "utf-8", "lineTerminators": ["\r\n"], "header": True},
        "tables": [_table_description(table, folder) for table in tables],
    }


def _both(sv: str, en: str) -> list[dict]:
    return [{"@value": sv, "@language": "sv"}, {"@value": en, "@language": "en"}]


def _table_description(table: Table, folder: str) -> dict:
    return {
        "url": f"{folder}{table.name}.csv",
        "dc:title": _both(table.title_sv, table.title_en),
        "dc:type": table.record_class,
        "tableSchema": {
            "columns": [
                {
                    "name": column.header,
                    "titles": column.header,
                    "dc:description": _both(column.title_sv, column.title_en),
                    "datatype": column.datatype,
                }
                for column in table.columns
            ],
            "primaryKey": "id",
            "foreignKeys": [
                {
                    "columnReference": column.header,
                    "reference": {
                        "resource": f"{folder}{column.references}.csv",
                        "columnReference": "id",
                    },
                }
                for column in table.columns
                if column.references
            ],
        },
    }
