"""Who lives in the municipality, to compare with whom the dialogue reached."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogues.models import Process


class PopulationDimension(models.TextChoices):
    AGE_BAND = "age_band", _("age")
    GENDER = "gender", _("gender")
    AREA = "area", _("area")


class PopulationFigure(models.Model):
    """How many live in the municipality in one group (an age band, a gender, an area), to set
    beside who was reached. Entered by hand or imported from an SCB table."""

    Dimension = PopulationDimension

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="population_figures",
        db_index=False,
    )
    dimension = models.CharField(_("group by"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("group"), max_length=100)
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["process", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "dimension", "value"], name="population_figure_unique"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=PopulationDimension.values),
                name="population_dimension_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.value}: {self.count}"
