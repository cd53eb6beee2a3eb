"""Population figures as SCB gives them, read into counts per age band, gender and area.

SCB's tables come as the PxWebApi's JSON-stat 2.0 or PxWeb's CSV and XLSX exports (read in
opinions/formats/scb.py); our own layout is a CSV of dimension, value and count. From an SCB
table, the figures are those of one region, the process's municipality (a file of several
regions where none is ours is refused, naming them), for the latest period in the file. A
totals row ("totalt ålder", "totalt" for sex) is taken as the total it is, never added to the
rows it sums up: the genders come from the totals over all ages when the file has them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dialogues.models import Process
from opinions.analysis.representation import BANDS, groups
from opinions.formats import scb

TOTAL = "total"
AGE = re.compile(r"^(\d+)\s*(?:(?:-|–)\s*(\d+)|(\+))?\s*(?:år|years?)$")
SEXES = {"kvinnor": "woman", "kvinna": "woman", "women": "woman", "män": "man", "man": "man"}
SEXES["men"] = "man"
TOTALS = ("totalt", "total", "samtliga", "summa")


@dataclass
class Population:
    figures: dict[tuple[str, str], int]
    region: str = ""  # the region the figures are for, as the file names it
    period: str = ""  # the year (or month) they are for
    problems: list[str] = field(default_factory=list)


def _is_total(label: str) -> bool:
    return label.strip().lower().startswith(TOTALS)


def _region_name(label: str) -> str:
    """ "1766 Sunne" → "sunne"; "Sunne kommun" → "sunne"."""
    name = re.sub(r"^\d+\s+", "", label.strip().lower())
    return re.sub(r"\s+(kommun|kommuns|stad|län)$", "", name)


def _band(age: int) -> str:
    return next(code for code, low, high in BANDS if low <= age <= high)


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

    def ages(self, cell: scb.Cell) -> tuple[int, int] | str | None:
        """(lowest, highest) of the cell's age group, TOTAL, or None with a problem noted."""
        label = cell.age.strip()
        if _is_total(label):
            return TOTAL
        match = AGE.match(label.lower())
        if match is None:
            self.problems.append(
                _("%(file)s, row %(row)d, column ålder: “%(value)s” is not an age.")
                % {"file": self.file_name, "row": cell.row, "value": label}
            )
            return None
        low = int(match.group(1))
        high = 200 if match.group(3) else int(match.group(2) or low)
        if _band(low) != _band(high):
            self.problems.append(
                _(
                    "%(file)s, row %(row)d: the age group “%(value)s” spans more than one of our "
                    "age bands; choose one-year ages (ettårsklasser) in SCB's table."
                )
                % {"file": self.file_name, "row": cell.row, "value": label}
            )
            return None
        return (low, high)

    def sex(self, cell: scb.Cell) -> str | None:
        label = cell.sex.strip().lower()
        if _is_total(label):
            return TOTAL
        if label not in SEXES:
            self.problems.append(
                _("%(file)s, row %(row)d, column kön: “%(value)s” is not a sex SCB counts.")
                % {"file": self.file_name, "row": cell.row, "value": cell.sex}
            )
        return SEXES.get(label)

    def scb(self, cells: list[scb.Cell]) -> None:
        """Age bands and genders from one region's cells: a totals row is used as the total it
        is, and only where there is none are the rows under it added up."""
        by_age: dict = defaultdict(dict)  # age group → sex → value
        for cell in cells:
            value = self.number(cell.value, cell.row, "antal")
            ages = self.ages(cell) if cell.age else None
            sex = self.sex(cell) if cell.sex else TOTAL
            if value is not None and (ages or not cell.age) and sex:
                by_age[ages or TOTAL][sex] = value
        for ages, sexes in by_age.items():
            if ages == TOTAL:
                continue
            value = sexes.get(TOTAL, sum(v for s, v in sexes.items() if s != TOTAL))
            self.add(("age_band", _band(ages[0])), value)
        for sex in ("woman", "man"):
            if sex in by_age.get(TOTAL, {}):
                self.figures[("gender", sex)] = by_age[TOTAL][sex]
            else:
                found = [v[sex] for a, v in by_age.items() if a != TOTAL and sex in v]
                if found:
                    self.figures[("gender", sex)] = sum(found)

    def add(self, key: tuple[str, str], value: int) -> None:
        self.figures[key] = self.figures.get(key, 0) + value

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


def _one_region(process: Process, file_name: str, cells: list[scb.Cell]) -> str:
    """The region whose figures count: the only one, or the process's municipality among
    several; refused, naming them, when none of several is ours."""
    regions = list(dict.fromkeys(cell.region for cell in cells))
    if len(regions) <= 1:
        return regions[0] if regions else ""
    ours = [
        region for region in regions if _region_name(region) == _region_name(process.municipality)
    ]
    if len(ours) == 1:
        return ours[0]
    raise ValidationError(
        _(
            "%(file)s holds figures for %(count)d regions (%(regions)s), and none of them is "
            "this process's municipality, %(municipality)s: keep only its rows in SCB's table."
        )
        % {
            "file": file_name,
            "count": len(regions),
            "regions": ", ".join(regions),
            "municipality": process.municipality,
        }
    )


def parse(process: Process, file_name: str, data: bytes) -> Population:
    """(dimension, value) → residents, from our own layout or an SCB table, with the region and
    period they are for. Every problem is named with its row and column; nothing is taken from
    a file with a problem."""
    if not data.strip():
        raise ValidationError(_("%(file)s is empty.") % {"file": file_name})
    reader = _Reader(file_name)
    if data.lstrip()[:1] == b"{":
        table = scb.read_json_stat(file_name, data)
    else:
        table = scb.read_export(file_name, data)
    if isinstance(table, scb.Table):
        region = _one_region(process, file_name, table.cells)
        reader.scb([cell for cell in table.cells if cell.region == region])
        found = Population(reader.figures, region=region, period=table.period)
    else:
        rows = table
        if not rows or [cell.lower() for cell in rows[0][:3]] != ["dimension", "value", "count"]:
            raise ValidationError(
                _(
                    "%(file)s must have the columns dimension, value and count, or be a table "
                    "from SCB (a JSON-stat response, or a CSV or XLSX export from PxWeb)."
                )
                % {"file": file_name}
            )
        reader.own(process, rows)
        found = Population(reader.figures)
    if reader.problems:
        raise ValidationError(reader.problems)
    if not reader.figures:
        raise ValidationError(_("%(file)s holds no figures.") % {"file": file_name})
    return found
