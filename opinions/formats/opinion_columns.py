"""The columns a file of opinions may have, by the names people give them, and the values its
cells may hold (opinions/formats/opinion_files.py reads them)."""

from __future__ import annotations

import datetime
import functools
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime

# The columns a file may have, by the names people give them (compared without case).
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("synpunkt", "synpunkten", "opinion", "text", "kommentar", "comment", "comment-body"),
    "question": ("fråga", "question", "frågenummer"),
    "respondent": ("deltagare", "deltagare nr", "deltagarnummer", "respondent", "author-id"),
    "age_band": ("ålder", "åldersgrupp", "age", "age band"),
    "gender": ("kön", "gender"),
    "area": ("kommundel", "område", "area"),
    "role": ("roll", "role"),
    "consent": ("får publiceras", "publiceras", "consent", "may be published"),
    "recorded_at": ("datum", "date", "registrerad", "recorded"),
    "polis_id": ("comment-id",),
    "moderated": ("moderated",),
    "timestamp": ("timestamp",),
}


KNOWN_COLUMNS = "Synpunkt, Fråga, Deltagare, Ålder, Kön, Kommundel, Roll, Får publiceras, Datum"


POLIS_COLUMNS = {"comment-id", "author-id", "moderated", "comment-body"}


POLIS_IGNORED = {
    "datetime",
    "agrees",
    "disagrees",
    "is-meta",
    "is-seed",
    "group-informed-consensus",
}


YES = {"ja", "yes", "j", "y", "1", "true", "x", "sant"}


NO = {"nej", "no", "n", "0", "false", "", "falskt"}


DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y%m%d",
)


@functools.lru_cache(maxsize=4096)
def parse_date(cell: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    """A date as people write it (DATE_FORMATS), in `tz` unless it says its own zone."""
    cell = cell.strip()
    parsed = parse_datetime(cell.replace(" ", "T", 1)) if "-" in cell[:5] else None
    if parsed is None:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(cell, pattern)  # noqa: DTZ007
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, tz)


def formula_positions(formulas: list[str]) -> set[tuple[int, int]]:
    """("C4", …) → {(4, 2), …}: row number and column index of each formula cell."""
    positions = set()
    for ref in formulas:
        letters, number = re.match(r"([A-Z]+)(\d+)", ref).groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        positions.add((int(number), column - 1))
    return positions


def detect_format(header: list[str]) -> str:
    names = {name.lower() for name in header}
    return "polis" if names >= POLIS_COLUMNS else "table"


def auto_mapping(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map each known field to the column that carries it; return the unknown columns too."""
    mapping, unknown = {}, []
    for column in header:
        key = column.strip().lower()
        field_name = next((f for f, names in FIELDS.items() if key in names), None)
        if field_name and field_name not in mapping:
            mapping[field_name] = column
        elif key in POLIS_IGNORED or not key:
            continue
        else:
            unknown.append(column)
    return mapping, unknown
