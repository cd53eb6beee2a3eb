"""The one way a page of counts over a process's opinions gets its figures: kept in the
database (KeptFigures), so that a cold page reads one row instead of counting every coded
opinion again.

`kept(process, kind)` gives the figures as last counted. When the process changed since (every
write says so through `core.public_data.changed`, and `changes` moves on once it commits), the
figures are counted anew first if their last count was quick (under KEPT_INLINE_SECONDS): a
small process always reads current figures. A longer count runs in the background
(`figures_count`) while the page shows the last count with its time, so a strategist of a
2,000,000-opinion process reads the analysis at once, counted a minute ago, instead of waiting
for it on every visit. Figures older than KEPT_MAX_AGE_SECONDS are counted anew too, whatever
was said, in case a change was made where no one said so.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from core.background import stalled
from core.public_data import public_data_changed
from dialogues.models import Process
from opinions.analysis.crosstabs import DIMENSIONS
from opinions.models import Category, KeptFigures, Opinion

# What counts each kind: a function of the process giving a JSON-able dict.
COUNTERS = {
    KeptFigures.Kind.ANALYSIS: "opinions.analysis.crosstabs.figures",
    KeptFigures.Kind.AGREEMENT: "opinions.analysis.agreement.figures",
    KeptFigures.Kind.QUALITY: "opinions.analysis.quality.figures",
    KeptFigures.Kind.PUBLISHED: "opinions.analysis.kept.published",
    KeptFigures.Kind.SUMMARIES: "opinions.analysis.summary.figures",
    KeptFigures.Kind.CODING: "opinions.analysis.kept.coding",
}


# What a page shows of a large process whose figures are being counted for the first time.
NOTHING_YET = {
    KeptFigures.Kind.ANALYSIS: {
        "order": [],
        "opinions": 0,
        "per_category": [],
        "cooccurrence": [],
        "crosstabs": {
            name: {"columns": [], "opinions": [], "respondents": []} for name in DIMENSIONS
        },
    },
    KeptFigures.Kind.AGREEMENT: {"sample": None, "disagreements": 0},
    KeptFigures.Kind.QUALITY: dict.fromkeys(
        ("counted", "coded", "coders", "suggested", "accepted", "rejected"), 0
    ),
    KeptFigures.Kind.PUBLISHED: {"published": None},
    KeptFigures.Kind.SUMMARIES: {"categories": []},
    KeptFigures.Kind.CODING: {"total": 0, "done": 0, "categories": {}},
}


@dataclass
class Kept:
    figures: dict
    made_at: datetime.datetime | None  # None: being counted for the first time
    fresh: bool  # False: counted before the latest change; a new count is under way
    seconds: float | None = None  # how long the count took

    @property
    def began(self) -> datetime.datetime | None:
        """When the count began: a change made after it is not in these figures."""
        if self.made_at is None:
            return None
        return self.made_at - datetime.timedelta(seconds=self.seconds or 0)


def count(process: Process, kind: str) -> KeptFigures:
    """Count the figures now and keep them."""
    row, _ = KeptFigures.objects.get_or_create(process=process, kind=kind)
    changes = row.changes  # read before the data: a change committed after it makes them stale
    start = time.perf_counter()
    figures = import_string(COUNTERS[kind])(process)
    row.figures, row.counted, row.made_at = figures, changes, timezone.now()
    row.seconds, row.queued_at = time.perf_counter() - start, None
    KeptFigures.objects.filter(pk=row.pk).update(
        figures=figures, counted=changes, made_at=row.made_at, seconds=row.seconds, queued_at=None
    )
    return row


def _old(row: KeptFigures) -> bool:
    age = datetime.timedelta(seconds=settings.KEPT_MAX_AGE_SECONDS)
    return row.made_at is None or timezone.now() - row.made_at > age


def published(process: Process) -> dict:
    """How many opinions the public list shows unfiltered (its paginator's count)."""
    return {"published": Opinion.objects.for_process(process).published().count()}


def coding(process: Process) -> dict:
    """The coding's progress (opinions in the analysis, and how many are settled) and each
    category's opinions coded in it and in its final coding, by the category's id."""
    categories = Category.objects.for_process(process).with_counts()
    return {
        **Opinion.objects.for_process(process).coding_progress(),
        "categories": {str(c.pk): {"coded": c.coded, "final": c.final} for c in categories},
    }


def _large(process: Process) -> bool:
    """More opinions than a first count would take a moment for (a bounded look, not a count)."""
    most = settings.KEPT_INLINE_FIRST_OPINIONS
    return Opinion.objects.filter(process=process).order_by("pk")[most : most + 1].exists()


def kept(process: Process, kind: str) -> Kept:
    row, _ = KeptFigures.objects.get_or_create(process=process, kind=kind)
    if row.fresh and not _old(row):
        return Kept(row.figures, row.made_at, fresh=True, seconds=row.seconds)
    if row.counted is None:
        quick = not _large(process)
    else:
        quick = row.seconds < settings.KEPT_INLINE_SECONDS
    if quick:
        row = count(process, kind)
        return Kept(row.figures, row.made_at, fresh=True, seconds=row.seconds)
    if row.queued_at is None or stalled(True, row.queued_at):
        KeptFigures.objects.filter(pk=row.pk).update(queued_at=timezone.now())
        figures_count.enqueue(process.pk, kind)
    if row.counted is None:
        return Kept(NOTHING_YET[kind], None, fresh=False)
    return Kept(row.figures, row.made_at, fresh=False, seconds=row.seconds)


@task()
def figures_count(process_id: int, kind: str) -> None:
    """Count a process's figures in the background (a stale count that takes long)."""
    count(Process.objects.get(pk=process_id), kind)


@receiver(public_data_changed)
def _changed(sender, *, slugs: tuple[str, ...] = (), **kwargs) -> None:
    """A process changed (core/public_data.py): the figures counted before are stale."""
    if slugs:
        KeptFigures.objects.filter(process__slug__in=slugs).update(changes=F("changes") + 1)
