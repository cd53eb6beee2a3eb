"""Who was reached, against who lives in the municipality: by age band, gender and area, and per
kind of event, so that outreach can be steered while the dialogue is open.

Population figures are entered by hand or imported as CSV: either our own three columns
(group by, group, residents) or a table from SCB's Statistikdatabasen (for example BE0101N1,
Folkmängd efter region, ålder och kön), whose one-year ages are summed into our age bands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

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
