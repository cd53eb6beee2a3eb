"""Making and reading the snapshots of the public figures (public/models.py)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core import public_data
from dialogues.models import Process
from dialogues.stages import Stage
from public.figures import Figures, counts, figures
from public.models import StatisticsSnapshot

DAILY = datetime.timedelta(days=1)


@transaction.atomic
def snapshot_make(process: Process) -> StatisticsSnapshot:
    """Publish the figures as they are now: a step on every stage move, and the daily refresh
    of a process that asks for it."""
    snapshot = StatisticsSnapshot.objects.create(
        process=process, made_at=timezone.now(), counts=counts(process)
    )
    public_data.changed(process)
    return snapshot


def latest_counts(process: Process) -> tuple[dict, datetime.datetime]:
    """The counts the public site shows, those of the latest snapshot (the first is made when
    the figures are first asked for), and when it was made."""
    latest = (
        StatisticsSnapshot.objects.filter(process=process)
        .order_by("-made_at")
        .values_list("counts", "made_at")
        .first()
    )
    if latest is None:
        made = snapshot_make(process)
        return made.counts, made.made_at
    return latest


def snapshots_refresh(*, now: datetime.datetime | None = None) -> int:
    """A new snapshot for each process whose dialogue is open, that asks for daily figures, and
    whose latest is a day old or more. Returns how many were made."""
    now = now or timezone.now()
    made = 0
    for process in Process.objects.filter(stage=Stage.DIALOGUE_OPEN, daily_statistics=True):
        latest = process.statistics_snapshots.order_by("-made_at").values("made_at").first()
        if latest is None or now - latest["made_at"] >= DAILY:
            snapshot_make(process)
            made += 1
    return made


def published_figures(process: Process) -> Figures:
    """The figures the public site shows now: the latest snapshot's, with when it was made."""
    counts, made_at = latest_counts(process)
    shown = figures(process, counts)
    shown.counted_at = made_at
    return shown
