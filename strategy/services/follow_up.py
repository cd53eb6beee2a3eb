"""Following up the targets: measurements typed in or imported from Kolada, and assessments."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import public_data
from strategy import kolada
from strategy.models import (
    Assessment,
    Measurement,
    Strategy,
    Target,
)


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """A new value for a period already measured replaces it (a revised figure)."""
    measurement.period = measurement.period.strip()
    existing = Measurement.objects.filter(
        target=measurement.target, period=measurement.period, gender=measurement.gender
    ).first()
    if existing is not None:
        existing.value = measurement.value
        existing.source = measurement.source
        existing.is_provisional = measurement.is_provisional
        measurement = existing
    measurement.full_clean()
    measurement.save()
    public_data.changed(measurement.target.goal.strategy.process)
    return measurement


@dataclass
class KoladaResult:
    created: int
    updated: int
    unchanged: int
    without_value: int


@transaction.atomic
def kolada_import(*, strategy: Strategy, data: bytes, name: str) -> KoladaResult:
    """Kolada's values into the measurements of the targets that name their KPI and
    municipality; all or nothing, and a second import of the same file changes nothing."""
    rows = kolada.parse(data, name=name)
    targets = {
        (t.kolada_kpi, t.kolada_municipality): t
        for t in Target.objects.for_strategy(strategy).exclude(kolada_kpi="")
    }
    errors = []
    for key in sorted({(row.kpi, row.municipality) for row in rows}):
        if key not in targets:
            errors.append(
                _(
                    "%(file)s: no target of this strategy is measured by Kolada KPI %(kpi)s "
                    "for municipality %(municipality)s."
                )
                % {"file": name, "kpi": key[0], "municipality": key[1]}
            )
    if errors:
        raise ValidationError(errors)
    result = KoladaResult(0, 0, 0, 0)
    for row in rows:
        if row.value is None:
            result.without_value += 1
            continue
        target = targets[(row.kpi, row.municipality)]
        source = f"Kolada {row.kpi}" + (f" ({row.status})" if row.status else "")
        measurement = Measurement.objects.filter(
            target=target, period=row.period, gender=row.gender
        ).first()
        if measurement is None:
            measurement = Measurement(target=target, period=row.period, gender=row.gender)
            result.created += 1
        elif measurement.value == row.value and measurement.source == source:
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        measurement.value = row.value
        measurement.source = source
        measurement.is_provisional = bool(row.status)
        measurement.full_clean()
        measurement.save()
    public_data.changed(strategy.process)
    return result


@transaction.atomic
def assessment_save(
    *, target: Target, year: int, verdict: str, comment: str, assessed_by
) -> Assessment:
    assessment = Assessment.objects.filter(target=target, year=year).first() or Assessment(
        target=target, year=year
    )
    assessment.verdict = verdict
    assessment.comment = comment.strip()
    assessment.assessed_by = assessed_by
    if verdict != Assessment.Verdict.MET and not assessment.comment:
        raise ValidationError({"comment": _("Say in a comment why the target is not met.")})
    assessment.full_clean()
    assessment.save()
    public_data.changed(assessment.target.goal.strategy.process)
    return assessment
