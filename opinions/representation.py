"""Who was reached, against who lives in the municipality: by age band, gender and area, and per
kind of event, so that outreach can be steered while the dialogue is open.

Population figures are entered by hand or imported as CSV: either our own three columns
(group by, group, residents) or a table from SCB's Statistikdatabasen (for example BE0101N1,
Folkmängd efter region, ålder och kön), whose one-year ages are summed into our age bands.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dialogues.models import DialogueEvent, Process
from opinions.models import PopulationFigure, Respondent

# Age bands as (code, lowest age, highest age).
BANDS = [
    ("0-15", 0, 15),
    ("16-19", 16, 19),
    ("20-29", 20, 29),
    ("30-44", 30, 44),
    ("45-64", 45, 64),
    ("65-79", 65, 79),
    ("80+", 80, 200),
]
# An under-represented group: reached at less than this share of its share of residents.
UNDER = 0.75


def groups(process: Process) -> dict[str, list[tuple[str, str]]]:
    """Every group a figure can be given for, as (value, label), per dimension."""
    return {
        "age_band": [(str(v), str(label)) for v, label in Respondent.AgeBand.choices],
        "gender": [
            (Respondent.Gender.WOMAN.value, str(Respondent.Gender.WOMAN.label)),
            (Respondent.Gender.MAN.value, str(Respondent.Gender.MAN.label)),
        ],
        "area": [(area.name, area.name) for area in process.areas.all()],
    }


@dataclass
class Row:
    value: str
    label: str
    reached: int
    reached_share: float | None  # of those who said
    residents: int | None
    resident_share: float | None

    @property
    def under(self) -> bool:
        return (
            self.reached_share is not None
            and self.resident_share
            and self.reached_share < UNDER * self.resident_share
        )


def _respondent_field(dimension: str) -> str:
    return "area__name" if dimension == "area" else dimension


def comparison(process: Process) -> dict[str, list[Row]]:
    """Per dimension: each group's share of the respondents who said, beside its share of the
    residents (None where no figure was given)."""
    figures: dict[str, dict[str, int]] = {}
    for figure in PopulationFigure.objects.filter(process=process):
        figures.setdefault(figure.dimension, {})[figure.value] = figure.count
    result = {}
    for dimension, choices in groups(process).items():
        field = _respondent_field(dimension)
        reached = dict(
            Respondent.objects.filter(process=process)
            .exclude(**{f"{field}__isnull": True})
            .exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("pk"))
            .values_list(field, "n")
        )
        said = sum(count for value, count in reached.items() if value in dict(choices))
        population = figures.get(dimension, {})
        total = sum(population.values())
        result[dimension] = [
            Row(
                value=value,
                label=label,
                reached=reached.get(value, 0),
                reached_share=reached.get(value, 0) / said if said else None,
                residents=population.get(value),
                resident_share=population[value] / total if value in population and total else None,
            )
            for value, label in choices
        ]
    return result


def by_event_kind(
    process: Process, dimension: str
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Respondents per kind of event (rows) and group (columns) of a dimension."""
    choices = groups(process)[dimension]
    field = _respondent_field(dimension)
    counts = {
        (kind, value): n
        for kind, value, n in Respondent.objects.filter(process=process, event__isnull=False)
        .values_list("event__kind", field)
        .annotate(n=Count("pk"))
        .values_list("event__kind", field, "n")
    }
    kinds = dict(DialogueEvent.Kind.choices)
    present = sorted({kind for kind, _value in counts}, key=list(kinds).index)
    rows = [(str(kinds[kind]), [counts.get((kind, v), 0) for v, _l in choices]) for kind in present]
    return [label for _v, label in choices], rows


# Population figures in --------------------------------------------------------------------


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


def parse(process: Process, file_name: str, data: bytes) -> dict[tuple[str, str], int]:
    """(dimension, value) → residents, from our own layout or an SCB table. Every problem is
    named with its row and column; nothing is taken from a file with a problem."""
    rows = _read(file_name, data)
    header = [cell.strip().lower() for cell in rows[0]]
    figures: dict[tuple[str, str], int] = {}
    problems = []

    def number(cell: str, row: int, column: str) -> int | None:
        cleaned = cell.replace(" ", "").replace("\u00a0", "")
        if not cleaned.isdigit():
            problems.append(
                _("%(file)s, row %(row)d, column %(column)s: “%(value)s” is not a number.")
                % {"file": file_name, "row": row, "column": column, "value": cell}
            )
            return None
        return int(cleaned)

    if "ålder" in header or "kön" in header:  # SCB: region, ålder, kön, then one year
        count_column = len(header) - 1
        for n, row in enumerate(rows[1:], start=2):
            value = number(row[count_column], n, rows[0][count_column])
            if value is None:
                continue
            if "ålder" in header:
                match = SCB_AGE.match(row[header.index("ålder")].strip())
                if match:
                    key = ("age_band", _band(int(match.group(1))))
                    figures[key] = figures.get(key, 0) + value
            if "kön" in header:
                sex = row[header.index("kön")].strip().lower()
                gender = {"kvinnor": "woman", "män": "man"}.get(sex)
                if gender:
                    key = ("gender", gender)
                    figures[key] = figures.get(key, 0) + value
    else:
        wanted = ["dimension", "value", "count"]
        if header[:3] != wanted:
            raise ValidationError(
                _("%(file)s must have the columns dimension, value and count, or be an SCB table.")
                % {"file": file_name}
            )
        known = {dimension: dict(choices) for dimension, choices in groups(process).items()}
        labels = {
            dimension: {label.lower(): value for value, label in choices}
            for dimension, choices in groups(process).items()
        }
        for n, row in enumerate(rows[1:], start=2):
            dimension, value = row[0].strip(), row[1].strip()
            if dimension not in known:
                problems.append(
                    _("%(file)s, row %(row)d, column dimension: use age_band, gender or area.")
                    % {"file": file_name, "row": n}
                )
                continue
            value = value if value in known[dimension] else labels[dimension].get(value.lower())
            if value is None:
                problems.append(
                    _("%(file)s, row %(row)d, column value: “%(value)s” is not a group here.")
                    % {"file": file_name, "row": n, "value": row[1].strip()}
                )
                continue
            count = number(row[2], n, "count")
            if count is not None:
                figures[(dimension, value)] = count
    if problems:
        raise ValidationError(problems)
    if not figures:
        raise ValidationError(_("%(file)s holds no figures.") % {"file": file_name})
    return figures


@transaction.atomic
def figures_save(*, process: Process, figures: dict[tuple[str, str], int]) -> int:
    """Set the population figures given; the others stay as they were."""
    for (dimension, value), count in figures.items():
        PopulationFigure.objects.update_or_create(
            process=process, dimension=dimension, value=value, defaults={"count": count}
        )
    return len(figures)
