"""What you said, in figures: counted in the database, never a cell that could point at a person.

Every figure comes with the number of different respondents behind it (an opinion given with
no profile counts as its own respondent). A cell of fewer than `MIN_RESPONDENTS` is hidden,
and where exactly one cell of a table would be hidden, the next smallest is hidden with it, so
that the hidden one cannot be worked out from the total.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.translated import in_page_language
from dialogues.models import DialogueEvent, Process
from opinions.analysis.crosstabs import MIN_RESPONDENTS
from opinions.models import Category, FinalCoding, Opinion, Respondent

DIMENSIONS = {
    "category": gettext_lazy("Opinions per category"),
    "event_kind": gettext_lazy("Opinions per kind of meeting"),
    "question": gettext_lazy("Opinions per question"),
    "age_band": gettext_lazy("Opinions per age group"),
    "area": gettext_lazy("Opinions per area"),
}
ORDINAL = {"age_band"}  # dimensions whose rows keep their own order


@dataclass
class Cell:
    label: str
    opinions: int
    respondents: int
    shown: bool = True
    lang: str = ""  # "sv" where the label is only in Swedish on an English page

    @property
    def value(self) -> int | None:
        return self.opinions if self.shown else None


@dataclass
class Table:
    key: str
    title: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return sum(1 for cell in self.cells if not cell.shown)

    @property
    def chart_height(self) -> int:
        return 28 * len(self.cells)

    @property
    def largest(self) -> int:
        return max((cell.opinions for cell in self.cells if cell.shown), default=0)


@dataclass
class Figures:
    people_met: int
    opinions: int
    respondents: int
    published: int
    tables: list[Table]
    counted_at: datetime.datetime | None = None  # when the snapshot was made


def _suppress(cells: list[Cell]) -> list[Cell]:
    for cell in cells:
        cell.shown = cell.respondents >= MIN_RESPONDENTS
    hidden = [cell for cell in cells if not cell.shown]
    if len(hidden) == 1:
        others = sorted((c for c in cells if c.shown), key=lambda c: (c.opinions, c.label))
        if others:
            others[0].shown = False
    return cells


def _grouped(opinions, by: str) -> dict:
    """{value of `by`: [opinions, respondents]} for the counted opinions, in one query."""
    rows = opinions.values(by).annotate(
        n=Count("pk", distinct=True),
        people=Count("respondent", distinct=True),
        anonymous=Count("pk", filter=Q(respondent__isnull=True), distinct=True),
    )
    grouped = {}
    for row in rows:  # a value not given is None or '' (a blank choice): both are one group
        n, people = grouped.setdefault(_key(row[by]), [0, 0])
        grouped[_key(row[by])] = [n + row["n"], people + row["people"] + row["anonymous"]]
    return grouped


def _key(value) -> str:
    """A group's value as a key that survives JSON (None, a number, a code); '' for none."""
    return "" if value is None else str(value)


def counts(process: Process) -> dict:
    """The counts behind "what you said", as plain data to keep in a snapshot: a fixed number
    of queries, whatever the number of opinions (GROUP BY in the database)."""
    counted = Opinion.objects.for_process(process).counted()
    totals = counted.aggregate(
        opinions=Count("pk"),
        respondents=Count("respondent", distinct=True),
        anonymous=Count("pk", filter=Q(respondent__isnull=True)),
        published=Count("pk", filter=Q(publication=Opinion.Publication.APPROVED)),
    )
    by_category = {
        _key(row["category_id"]): [row["n"], row["people"] + row["anonymous"]]
        for row in FinalCoding.objects.filter(
            opinion__process=process,
            opinion__deleted_at__isnull=True,
            opinion__status=Opinion.Status.REGISTERED,
        )
        .values("category_id")
        .annotate(
            n=Count("opinion", distinct=True),
            people=Count("opinion__respondent", distinct=True),
            anonymous=Count("opinion", filter=Q(opinion__respondent__isnull=True), distinct=True),
        )
    }
    return {
        "people_met": process.events.aggregate(total=Sum("headcount"))["total"] or 0,
        "opinions": totals["opinions"],
        "respondents": totals["respondents"] + totals["anonymous"],
        "published": totals["published"],
        "groups": {
            "category": by_category,
            "event_kind": _grouped(counted, "event__kind"),
            "question": _grouped(counted, "question_id"),
            "age_band": _grouped(counted, "respondent__age_band"),
            "area": _grouped(counted, "respondent__area_id"),
        },
    }


def _table(key: str, grouped: dict, labelled, *, every: bool = False) -> Table:
    """The table of `key`: a row per (value, label) that has opinions (or every one); the
    row of no value (None: not given, no question) last, whatever its size."""
    chosen = [(value, label) for value, label in labelled if every or _key(value) in grouped]
    cells = _suppress(
        [
            Cell(str(label), *grouped.get(_key(value), (0, 0)), lang=getattr(label, "lang", ""))
            for value, label in chosen
        ]
    )
    paired = list(zip((value for value, _label in chosen), cells, strict=True))
    given = [cell for value, cell in paired if value is not None]
    rest = [cell for value, cell in paired if value is None]
    return Table(key, str(DIMENSIONS[key]), _largest_first(key, given) + rest)


def _largest_first(key: str, cells: list[Cell]) -> list[Cell]:
    """The cells shown, largest first (ties in their own order), then the hidden ones; an
    ordinal dimension's cells as they are."""
    if key in ORDINAL:
        return cells
    shown = sorted((cell for cell in cells if cell.shown), key=lambda cell: -cell.opinions)
    return shown + [cell for cell in cells if not cell.shown]


def figures(process: Process, raw: dict) -> Figures:
    """Everything on "what you said", from `raw` counts (a snapshot's), labelled in the
    language of the request."""
    groups = raw["groups"]
    categories = Category.objects.for_process(process).in_codebook().order_by("order", "name")
    questions = [
        (q.pk, in_page_language(q, "text")) for q in process.questions.order_by("order", "pk")
    ]
    areas = [(area.pk, area.name) for area in process.areas.order_by("order", "name")]
    not_given = (None, _("Not given"))
    tables = [
        _table(
            "category",
            groups["category"],
            [(c.pk, in_page_language(c, "name")) for c in categories],
            every=True,
        ),
        # Every table counts every opinion: those with no value have a row of their own.
        _table("event_kind", groups["event_kind"], [*DialogueEvent.Kind.choices, not_given]),
        _table("question", groups["question"], [*questions, (None, _("No question"))]),
        _table("age_band", groups["age_band"], [*Respondent.AgeBand.choices, not_given]),
        _table("area", groups["area"], [*areas, not_given]),
    ]
    return Figures(
        people_met=raw["people_met"],
        opinions=raw["opinions"],
        respondents=raw["respondents"],
        published=raw["published"],
        tables=tables,
    )
