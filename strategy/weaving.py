"""Where each goal comes from: the categories of the opinions against the goals, with what no
goal uses and which goal has no citizen input. The staff page shows it; the public site will."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from opinions.models import Category
from strategy.models import Goal


@dataclass
class Row:
    category: Category  # annotated with opinion_count: opinions finally coded into it
    cells: list[bool]  # one per goal, in the goals' order: does the goal draw on it?

    @property
    def used(self) -> bool:
        return any(self.cells)


@dataclass
class Weaving:
    goals: list[Goal]
    rows: list[Row]

    @property
    def unused_categories(self) -> list[Category]:
        return [row.category for row in self.rows if not row.used]

    @property
    def goals_without_citizens(self) -> list[Goal]:
        return [g for g in self.goals if not g.categories.all() and not g.opinion_count]

    @property
    def target_count(self) -> int:
        return sum(len(goal.targets.all()) for goal in self.goals)


def weaving(strategy) -> Weaving:
    """Goals with their sources and targets, and the matrix; a fixed number of queries."""
    goals = list(Goal.objects.for_strategy(strategy).with_sources())
    categories = (
        Category.objects.for_process(strategy.process)
        .in_codebook()
        .annotate(opinion_count=Count("final_codings", distinct=True))
        .order_by("order", "name")
    )
    linked = {(category.pk, goal.pk) for goal in goals for category in goal.categories.all()}
    rows = [Row(c, [(c.pk, goal.pk) in linked for goal in goals]) for c in categories]
    return Weaving(goals, rows)
