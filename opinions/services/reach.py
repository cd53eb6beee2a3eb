"""Writes of the reach page: the population figures the dialogue's reach is compared with."""

from __future__ import annotations

from django.db import transaction

from dialogues.models import Process
from opinions.models import PopulationFigure


@transaction.atomic
def figures_save(*, process: Process, figures: dict[tuple[str, str], int]) -> int:
    """Set the population figures given; the others stay as they were."""
    for (dimension, value), count in figures.items():
        PopulationFigure.objects.update_or_create(
            process=process, dimension=dimension, value=value, defaults={"count": count}
        )
    return len(figures)
