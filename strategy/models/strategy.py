"""The strategy: its vision, the other sources woven in, the goals and their measurable targets,
with the measurements and assessments that follow them up."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Body, Process
from opinions.models import Category, Opinion
from strategy.querysets import (
    GoalQuerySet,
    TargetQuerySet,
)


class Strategy(models.Model):
    """The strategy a process produces: a vision, goals, targets."""

    process = models.OneToOneField(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="strategy"
    )
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="strategy_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PolicyInputKind(models.TextChoices):
    POLITICAL_WILL = "political_will", _("Political will")
    PLACE_BRAND = "place_brand", _("Place brand")
    REGIONAL_STRATEGY = "regional_strategy", _("Regional strategy")
    OTHER = "other", _("Other")


class PolicyInput(models.Model):
    """Another source woven into the strategy beside the opinions."""

    Kind = PolicyInputKind

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="inputs"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)

    class Meta:
        verbose_name = _("policy input")
        verbose_name_plural = _("policy inputs")
        ordering = ["strategy", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PolicyInputKind.values), name="input_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """An overarching visionary goal, traced to categories, opinions and policy inputs."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="goals"
    )
    opinions = models.ManyToManyField(
        Opinion, verbose_name=_("chosen opinions"), blank=True, related_name="goals"
    )
    policy_inputs = models.ManyToManyField(
        PolicyInput, verbose_name=_("policy inputs"), blank=True, related_name="goals"
    )

    objects = GoalQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["strategy", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TargetDirection(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    MAINTAIN = "maintain", _("maintain")
    REACH = "reach", _("reach")


class TargetSourceKind(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    SCB = "scb", _("Statistics Sweden (SCB)")
    OWN_SURVEY = "own_survey", _("Own survey")
    OTHER = "other", _("Other")


class Target(models.Model):
    """A measurable target under a goal."""

    Direction = TargetDirection
    SourceKind = TargetSourceKind

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    source_kind = models.CharField(
        _("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=20, blank=True)
    kolada_municipality = models.CharField(_("Kolada municipality id"), max_length=10, blank=True)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )

    objects = TargetQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=TargetDirection.values), name="target_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=TargetSourceKind.values), name="target_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(direction="reach") | Q(target_value__isnull=False),
                name="target_reach_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="kolada") | ~Q(kolada_kpi=""),
                name="target_kolada_has_kpi",
            ),
        ]

    def __str__(self) -> str:
        return self.indicator

    def clean(self) -> None:
        if self.direction == self.Direction.REACH and self.target_value is None:
            raise ValidationError({"target_value": _("A target to reach needs a value.")})
        if self.source_kind == self.SourceKind.KOLADA and not self.kolada_kpi:
            raise ValidationError({"kolada_kpi": _("Give the Kolada KPI id.")})
        if self.kolada_kpi and not self.kolada_municipality:
            raise ValidationError(
                {"kolada_municipality": _("Give the municipality's id in Kolada, such as 1766.")}
            )


class MeasurementGender(models.TextChoices):
    TOTAL = "T", _("total")
    WOMEN = "K", _("women")
    MEN = "M", _("men")


class Measurement(models.Model):
    """A value of a target's indicator for a period, from the yearly follow-up."""

    Gender = MeasurementGender

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.PROTECT,
        related_name="measurements",
        db_index=False,
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2016."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_provisional = models.BooleanField(_("provisional"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["target", "period", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "gender"], name="measurement_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=MeasurementGender.values), name="measurement_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.period} {self.value}"


class Comparison(models.Model):
    """A value of a target's Kolada KPI for another municipality, the county or the whole
    country (0000), kept beside the target's own measurements to compare with; totals only."""

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="comparisons",
        db_index=False,
    )
    municipality = models.CharField(_("Kolada municipality id"), max_length=10)
    period = models.CharField(_("period"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")
        ordering = ["target", "municipality", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "municipality", "period"], name="comparison_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.municipality} {self.period} {self.value}"

    @property
    def label(self) -> str:
        """ "Hela riket" for 0000, the county for a county's id, else the municipality's id."""
        if self.municipality == "0000":
            return str(_("The whole country"))
        if re.fullmatch(r"(00)?\d\d", self.municipality):
            return str(_("County %(id)s") % {"id": self.municipality})
        return str(_("Municipality %(id)s") % {"id": self.municipality})


class AssessmentVerdict(models.TextChoices):
    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    NOT_MET = "not_met", _("not met")
    CANNOT_ASSESS = "cannot_assess", _("cannot be assessed")


class Assessment(models.Model):
    """The yearly judgement of how a target is going, with the reason in a comment."""

    Verdict = AssessmentVerdict

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.PROTECT,
        related_name="assessments",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    verdict = models.CharField(_("assessment"), max_length=15, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["target", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="assessment_unique_year"),
            models.CheckConstraint(
                condition=Q(verdict__in=AssessmentVerdict.values), name="assessment_verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}: {self.get_verdict_display()}"
