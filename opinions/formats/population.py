"""Population figures as SCB gives them, read into counts per age band, gender and area."""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dialogues.models import Process
from opinions.analysis.representation import BANDS, groups


def _band(age: int) -> str:
    return next(code for code, low, high in BANDS if low <= age <= high)


SCB_AGE = re.compile(r"^(\d+)\+?\s*år")


def _read(file_name: str, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # SCB's downloads are often in Windows-1252
    if not text.strip():
        raise ValidationError(_("%(file)s is empty.") % {"file": file_name})
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


class _Reader:
    """The figures of one file, and every problem found in it, each with its row and column."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.figures: dict[tuple[str, str], int] = {}
        self.problems: list[str] = []

    def number(self, cell: str, row: int, column: str) -> int | None:
        cleaned = cell.replace(" ", "").replace("\u00a0", "")
        if not cleaned.isdigit():
            self.problems.append(
                _("%(file)s, row %(row)d, column %(column)s: “%(value)s” is not a number.")
                % {"file": self.file_name, "row": row, "column": column, "value": cell}
            )
            return None
        return int(cleaned)

    def add(self, key: tuple[str, str], value: int) -> None:
        self.figures[key] = self.figures.get(key, 0) + value

    def scb(self, rows: list[list[str]], header: list[str]) -> None:
        """SCB's table: region, ålder, kön, then one year."""
        count_column = len(header) - 1
        for n, row in enumerate(rows[1:], start=2):
            value = self.number(row[count_column], n, rows[0][count_column])
            if value is None:
                continue
            if "ålder" in header:
                match = SCB_AGE.match(row[header.index("ålder")].strip())
                if match:
                    self.add(("age_band", _band(int(match.group(1)))), value)
            if "kön" in header:
                sex = row[header.index("kön")].strip().lower()
                gender = {"kvinnor": "woman", "män": "man"}.get(sex)
                if gender:
                    self.add(("gender", gender), value)

    def own(self, process: Process, rows: list[list[str]]) -> None:
        """Our own layout: dimension, value, count."""
        known = {dimension: dict(choices) for dimension, choices in groups(process).items()}
        labels = {
            dimension: {label.lower(): value for value, label in choices}
            for dimension, choices in groups(process).items()
        }
        for n, row in enumerate(rows[1:], start=2):
            where = {"file": self.file_name, "row": n}
            dimension, value = row[0].strip(), row[1].strip()
            if dimension not in known:
                self.problems.append(
                    _("%(file)s, row %(row)d, column dimension: use age_band, gender or area.")
                    % where
                )
                continue
            value = value if value in known[dimension] else labels[dimension].get(value.lower())
            if value is None:
                self.problems.append(
                    _("%(file)s, row %(row)d, column value: “%(value)s” is not a group here.")
                    % {**where, "value": row[1].strip()}
                )
                continue
            count = self.number(row[2], n, "count")
            if count is not None:
                self.figures[(dimension, value)] = count


def parse(process: Process, file_name: str, data: bytes) -> dict[tuple[str, str], int]:
    """(dimension, value) → residents, from our own layout or an SCB table. Every problem is
    named with its row and column; nothing is taken from a file with a problem."""
    rows = _read(file_name, data)
    header = [cell.strip().lower() for cell in rows[0]]
    reader = _Reader(file_name)
    if "ålder" in header or "kön" in header:
        reader.scb(rows, header)
    elif header[:3] == ["dimension", "value", "count"]:
        reader.own(process, rows)
    else:
        raise ValidationError(
            _("%(file)s must have the columns dimension, value and count, or be an SCB table.")
            % {"file": file_name}
        )
    if reader.problems:
        raise ValidationError(reader.problems)
    if not reader.figures:
        raise ValidationError(_("%(file)s holds no figures.") % {"file": file_name})
    return reader.figures
